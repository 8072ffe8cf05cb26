/**
 * A loopback TCP relay between a client and a server that a test can cut:
 * while cut, new connections are accepted and dropped at once (the client
 * sees a reset), and connections already open are stalled — nothing is
 * relayed either way — until `restore`, as a network partition does. A plain
 * byte relay, so TLS stays end to end between the client and the server.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../../src/process/free-port.js';

export interface CutProxy {
  readonly port: number;
  /** Connections dropped while cut. */
  readonly dropped: number;
  cut(): void;
  restore(): void;
  stop(): Promise<void>;
}

export async function startCutProxy(upstream: { host: string; port: number }): Promise<CutProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let isCut = false;
  let dropped = 0;
  const server: Server = createServer((client) => {
    if (isCut) {
      dropped++;
      client.resetAndDestroy();
      return;
    }
    const server = connect({ host: upstream.host, port: upstream.port });
    const pair: [Socket, Socket] = [client, server];
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    for (const [from, to] of [pair, [server, client] as const]) {
      from.on('data', (chunk: Buffer) => {
        if (!to.write(chunk)) from.pause();
      });
      to.on('drain', () => {
        if (!isCut) from.resume();
      });
      from.on('error', end);
      from.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get dropped() {
      return dropped;
    },
    cut() {
      isCut = true;
      // Stalled, not closed: a request in flight waits for an answer that does not come.
      for (const [a, b] of pairs) {
        a.pause();
        b.pause();
      }
    },
    restore() {
      isCut = false;
      for (const [a, b] of pairs) {
        a.resume();
        b.resume();
      }
    },
    async stop() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
