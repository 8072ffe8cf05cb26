/**
 * The simulator's loopback control API, for a trainee's terminal and for
 * `gameday sim get|apply|proxy-status` against a running `gameday sim serve`.
 *
 *   GET  /snapshot                       MeshSnapshot (JSON)
 *   GET  /pods | /deployments | /policies | /nodes | /proxy-status
 *                                        JSON, or the kubectl/istioctl-like table with
 *                                        `?format=text` or `Accept: text/plain`
 *   GET  /events[?since=<epoch ms>]      TargetEvent[] (clock time)
 *   GET  /symptoms                       SymptomRecord[] (first failed response per episode)
 *   GET  /endpoints                      where the simulator's faces listen
 *   GET  /state                          the configuration in comparable form (no pod names, counters
 *                                        or time), to check that a revert restored it
 *   POST /operations                     an Operation → Confirmation; 400 with `issues` if it is not one.
 *                                        Heard as someone else's change (`gameday sim apply`), not the run's
 *   POST /operations/inverse             an Operation → `{ inverse: Operation | null }`
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { errorText, TargetError } from '../../errors.js';
import type { Confirmation, Operation } from '../operations.js';
import type { SymptomRecord, TargetEndpoints, TargetEvent } from '../port.js';
import type { MeshSnapshot } from '../views.js';
import { LoopbackListener } from './loopback-server.js';
import type { ComparableState } from './model/sim-model.js';
import { checkOperation } from './operation-check.js';
import { renderDeployments } from './views/deployments-view.js';
import { renderNodes } from './views/nodes-view.js';
import { renderPods } from './views/pods-view.js';
import { renderPolicies } from './views/policies-view.js';
import { renderProxyStatus } from './views/proxy-status-view.js';

/** What the control API acts on: the SimTarget in practice. */
export interface ControlBackend {
  snapshot(): Promise<MeshSnapshot>;
  apply(op: Operation): Promise<Confirmation>;
  /** `apply` for an operation that came through this API: someone else's change, not the run's. */
  applyFromControl(op: Operation): Promise<Confirmation>;
  inverse(op: Operation): Promise<Operation | null>;
  events(sinceMs?: number): TargetEvent[];
  symptoms(): SymptomRecord[];
  endpoints(): (TargetEndpoints & { control: string; metrics: string }) | null;
  state(): ComparableState | null;
}

const MAX_BODY_BYTES = 1 << 20;

/** A listing: its JSON and its table, from one snapshot. */
const LISTINGS: Record<string, { json: (s: MeshSnapshot) => unknown; text: (s: MeshSnapshot) => string }> = {
  '/pods': { json: (s) => s.pods, text: renderPods },
  '/deployments': { json: (s) => s.deployments, text: renderDeployments },
  '/policies': { json: (s) => s.policies, text: renderPolicies },
  '/nodes': { json: (s) => s.nodes, text: renderNodes },
  '/proxy-status': { json: (s) => s.proxies, text: renderProxyStatus },
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'request body is empty: send an Operation as JSON');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `request body is not JSON: ${errorText(e)}`);
  }
}

export class ControlApi {
  private readonly listener = new LoopbackListener('control API');

  constructor(private readonly backend: ControlBackend) {}

  listen(port = 0): Promise<string> {
    return this.listener.listen(
      () =>
        createServer((req, res) => {
          this.route(req, res).catch((e: unknown) => {
            if (e instanceof HttpError) sendJson(res, e.status, { error: e.message, ...(e.issues.length ? { issues: e.issues } : {}) });
            // The operation was well formed but the mesh refused it (unknown workload, …).
            else if (e instanceof TargetError) sendJson(res, 409, { error: e.message });
            else sendJson(res, 500, { error: errorText(e) });
          });
        }),
      port,
    );
  }

  close(): Promise<void> {
    return this.listener.close();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://control');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (method === 'POST' && (path === '/operations' || path === '/operations/inverse')) {
      const checked = checkOperation(await readJson(req));
      if (!checked.ok) throw new HttpError(400, 'not a valid Operation', checked.issues);
      if (path === '/operations') sendJson(res, 200, await this.backend.applyFromControl(checked.operation));
      else sendJson(res, 200, { inverse: await this.backend.inverse(checked.operation) });
      return;
    }
    if (method !== 'GET') throw new HttpError(405, `${method} ${path}: use GET, or POST /operations`);
    const listing = LISTINGS[path];
    if (listing) {
      const snap = await this.backend.snapshot();
      const text = url.searchParams.get('format') === 'text' || (req.headers.accept ?? '').startsWith('text/plain');
      if (text) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(listing.text(snap));
      } else sendJson(res, 200, listing.json(snap));
      return;
    }
    switch (path) {
      case '/snapshot':
        return sendJson(res, 200, await this.backend.snapshot());
      case '/events': {
        const since = url.searchParams.get('since');
        if (since !== null && !Number.isFinite(Number(since))) throw new HttpError(400, `since=${since}: expected epoch milliseconds`);
        return sendJson(res, 200, this.backend.events(since === null ? undefined : Number(since)));
      }
      case '/symptoms':
        return sendJson(res, 200, this.backend.symptoms());
      case '/endpoints':
        return sendJson(res, 200, this.backend.endpoints());
      case '/state':
        return sendJson(res, 200, this.backend.state());
      default:
        throw new HttpError(
          404,
          `no route ${path}; try /snapshot, /pods, /deployments, /policies, /nodes, /proxy-status, /events, /state, POST /operations`,
        );
    }
  }
}
