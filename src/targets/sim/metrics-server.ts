/**
 * The simulator's metrics listener: HTTP service discovery (`/sd`,
 * `/sd/<job>`) and every target's exposition under `/metrics/…`, on one
 * loopback port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';
import { LoopbackListener } from './loopback-server.js';
import type { MeshMetrics } from './metrics/mesh-metrics.js';
import { targetGroups } from './service-discovery.js';
import { errorText } from '../../errors.js';

export class MetricsServer {
  private readonly listener = new LoopbackListener('metrics server');
  private hostPort = '';

  constructor(private readonly metrics: MeshMetrics) {}

  /** Starts listening; returns the base URL (`http://127.0.0.1:<port>`). */
  async listen(port = 0): Promise<string> {
    const url = await this.listener.listen(() => createServer((req, res) => this.serve(req, res)), port);
    this.hostPort = new URL(url).host;
    return url;
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (path === '/sd' || path.startsWith('/sd/')) {
        const job = path === '/sd' ? undefined : decodeURIComponent(path.slice('/sd/'.length));
        const body = JSON.stringify(targetGroups(this.metrics.targets(), this.hostPort, job));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
        return;
      }
      const result = this.metrics.scrapeChunks(path);
      // The chunks may lie in buffers the next scrape of this path would write over: say when they are out.
      res.once('finish', result.sent);
      res.once('close', result.sent);
      let length = 0;
      for (const c of result.chunks) length += c.length;
      res.writeHead(result.status, { 'content-type': result.status === 200 ? EXPOSITION_CONTENT_TYPE : 'text/plain', 'content-length': length });
      // Corked (end() uncorks), the pieces leave in one writev rather than one write each.
      res.cork();
      for (const c of result.chunks) res.write(c);
      res.end();
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${errorText(e)}\n`);
    }
  }
}
