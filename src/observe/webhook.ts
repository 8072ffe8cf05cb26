/**
 * The HTTP receiver Alertmanager notifies. It is the fast trigger only:
 * a notification makes the AlertWatcher ask Prometheus at once, and is
 * recorded as Alertmanager's view; instants come from Prometheus.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.js';
import { LOOPBACK } from '../process/free-port.js';
import { parseWebhookPayload, type WebhookPayload } from './webhook-payload.js';

export interface WebhookNotification {
  payload: WebhookPayload;
  /** Clock time the notification arrived. */
  receivedAt: number;
}

export type NotificationListener = (n: WebhookNotification) => void;

/** Bodies above this are refused: a notification of even hundreds of alerts is far smaller. */
const MAX_BODY = 4 * 1024 * 1024;
export const WEBHOOK_PATH = '/alertmanager';

export class WebhookReceiver {
  private readonly listeners = new Set<NotificationListener>();
  private rejected = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Listens on 127.0.0.1 at a port the kernel picks. */
  static async start(clock: Clock): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(server, `http://${LOOPBACK}:${port}${WEBHOOK_PATH}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res, clock));
    return receiver;
  }

  /** Subscribes to notifications; returns the unsubscribe function. */
  on(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many requests were refused as malformed (a misconfigured sender shows up here). */
  get rejectedCount(): number {
    return this.rejected;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, clock: Clock): void {
    if (req.method !== 'POST' || req.url !== WEBHOOK_PATH) {
      res.writeHead(404).end();
      return;
    }
    const receivedAt = clock.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        this.rejected++;
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const parsed = parseWebhookPayload(Buffer.concat(chunks).toString('utf8'));
      if (!parsed.ok) {
        this.rejected++;
        res.writeHead(400, { 'content-type': 'text/plain' }).end(parsed.error);
        return;
      }
      res.writeHead(200).end();
      for (const l of this.listeners) l({ payload: parsed.payload, receivedAt });
    });
  }
}
