/**
 * A small closed-loop HTTP/1.1 load generator for the simulator bench: each
 * of `connections` keep-alive sockets sends one GET, reads the whole reply
 * (Content-Length framing), and sends the next. Raw sockets, so the client
 * costs little next to either server and the comparison stays fair.
 */
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
}

export async function runLoad(url: string, opts: { connections: number; durationMs: number; path?: string }): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const request = Buffer.from(`GET ${opts.path ?? '/'} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
  const statuses: Record<string, number> = {};
  let requests = 0;
  let running = true;
  const started = performance.now();

  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket: Socket = connect({ host: hostname, port: Number(port) });
      socket.setNoDelay(true);
      let buffer: Buffer = Buffer.alloc(0);
      socket.on('connect', () => socket.write(request));
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const headerEnd = buffer.indexOf('\r\n\r\n');
          if (headerEnd < 0) return;
          const head = buffer.subarray(0, headerEnd).toString('latin1');
          const m = /\r\ncontent-length: *(\d+)/i.exec(head);
          const total = headerEnd + 4 + (m ? Number(m[1]) : 0);
          if (buffer.length < total) return;
          const status = head.slice(9, 12);
          statuses[status] = (statuses[status] ?? 0) + 1;
          requests++;
          buffer = buffer.subarray(total);
          if (!running) {
            socket.end();
            return;
          }
          socket.write(request);
        }
      });
    });

  const sockets = Array.from({ length: opts.connections }, one);
  await new Promise((r) => setTimeout(r, opts.durationMs));
  running = false;
  const seconds = (performance.now() - started) / 1000;
  const counted = requests;
  await Promise.all(sockets);
  return { requests: counted, seconds, perSecond: counted / seconds, statuses };
}
