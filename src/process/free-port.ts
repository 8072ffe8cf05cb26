/**
 * A free TCP port on the loopback interface, for programs that cannot be
 * told to listen on port 0 and report back (Prometheus, Alertmanager). The
 * port is free when we release it; a race with another process taking it
 * in between shows up as the program failing to become ready.
 */
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
