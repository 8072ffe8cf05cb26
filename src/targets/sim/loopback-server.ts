/**
 * Starting and stopping the simulator's HTTP listeners: loopback only, a
 * free port chosen by the kernel, and a close that does not wait for idle
 * keep-alive connections (the load engine and Prometheus hold them open).
 */
import type { Server } from 'node:http';
import { LOOPBACK } from '../../process/free-port.js';

export async function listenLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('listener has no TCP address');
  return `http://${LOOPBACK}:${address.port}`;
}

/** A listener one face owns: started once, closed idempotently (closing one never started is fine). */
export class LoopbackListener {
  private server: Server | null = null;

  constructor(private readonly what: string) {}

  /** Listens on loopback with the server `make` builds; returns the base URL (`http://127.0.0.1:<port>`). */
  async listen(make: () => Server, port = 0): Promise<string> {
    if (this.server) throw new Error(`${this.what} already listening`);
    const server = make();
    this.server = server;
    return listenLoopback(server, port);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await closeServer(server);
  }
}

export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
