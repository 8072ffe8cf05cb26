/**
 * A tiny scrape target for e2e tests: one gauge the test flips, served at
 * /metrics, and a Prometheus HTTP SD endpoint at /sd that publishes this
 * target with the job and pod labels a simulator would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class MetricsTarget {
  value = 0;
  sdHits = 0;
  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(labels: Record<string, string>): Promise<MetricsTarget> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const self = new MetricsTarget(server, `127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(`# TYPE gameday_test_flag gauge\ngameday_test_flag{container="discovery"} ${self.value}\n`);
      } else if (req.url === '/sd') {
        self.sdHits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ targets: [self.address], labels }]));
      } else res.writeHead(404).end();
    });
    return self;
  }

  get sdUrl(): string {
    return `http://${this.address}/sd`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
