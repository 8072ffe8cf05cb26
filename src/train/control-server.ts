/**
 * The session's control endpoint: loopback HTTP that the trainee's
 * commands (`ack`, `diagnose`, `act`, `hint`, `status`, `end`, `pager`)
 * talk to. It answers only what an on-call engineer may know; the sealed
 * choice is never served.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../process/free-port.js';
import { FAULT_TARGETS } from '../faults/registry.js';
import type { Operation } from '../targets/operations.js';
import type { Trainee } from './trainee.js';

const MAX_BODY = 256 * 1024;

/** Checks a mitigation's JSON before it reaches the run: the target's own validator, passed in by the composition root. */
export type OperationChecker = (v: unknown) => { ok: true; operation: Operation } | { ok: false; issues: string[] };

interface About {
  trainee: string;
  startedAt: number;
  now: () => number;
  checkOperation: OperationChecker;
}

export interface StatusView {
  state: string;
  trainee: string;
  startedAt: string;
  elapsedMs: number;
  pages: number;
  unacked: number;
  hintsUsed: number;
  hintsLeft: number;
  firing: string[];
  /** Success rate over the last 10 s of load, when there was any. */
  successRate: number | null;
  actions: number;
}

export class ControlServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(trainee: Trainee, about: About): Promise<ControlServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const s = new ControlServer(server, `http://${LOOPBACK}:${port}`);
    server.on('request', (req, res) => void s.handle(req, res, trainee, about));
    return s;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, t: Trainee, about: About): Promise<void> {
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      const route = `${req.method} ${new URL(req.url ?? '/', this.url).pathname}`;
      switch (route) {
        case 'GET /status':
          return send(200, statusOf(t, about));
        case 'GET /pages':
          return send(200, t.pageList());
        case 'POST /ack':
          return send(200, t.ack());
        case 'POST /hint':
          return send(200, t.hint() ?? { index: null, text: null });
        case 'POST /end':
          t.end();
          return send(202, { state: 'ending' });
        case 'POST /diagnose': {
          const b = (await readJson(req)) as { faultType?: unknown; component?: unknown; note?: unknown };
          if (typeof b.faultType !== 'string' || !(b.faultType in FAULT_TARGETS)) {
            return send(400, {
              error: `unknown fault type ${JSON.stringify(b.faultType)} (known: ${Object.keys(FAULT_TARGETS).join(', ')})`,
            });
          }
          t.diagnose(b.faultType, str(b.component), str(b.note));
          return send(200, { recorded: true });
        }
        case 'POST /act': {
          const checked = about.checkOperation(await readJson(req));
          if (!checked.ok) return send(400, { error: `not a valid Operation: ${checked.issues.join('; ')}` });
          try {
            return send(200, await t.act(checked.operation));
          } catch (err) {
            return send(409, { error: err instanceof Error ? err.message : String(err) });
          }
        }
        default:
          return send(404, { error: `no such endpoint: ${route}` });
      }
    } catch (err) {
      send(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function statusOf(t: Trainee, about: About): StatusView {
  const now = about.now();
  const events = t.events();
  const firing = new Map<string, boolean>();
  for (const e of events) if (e.kind === 'alert') firing.set(e.alert, e.state === 'firing');
  const recent = events.filter((e): e is Extract<typeof e, { kind: 'sli' }> => e.kind === 'sli' && e.at >= now - 12_000);
  const req = recent.reduce((n, e) => n + e.requests, 0);
  const pages = t.pageList();
  return {
    state: t.state,
    trainee: about.trainee,
    startedAt: new Date(about.startedAt).toISOString(),
    elapsedMs: now - about.startedAt,
    pages: pages.length,
    unacked: pages.filter((p) => !p.acked).length,
    hintsUsed: t.log.events.filter((e) => e.kind === 'hint').length,
    hintsLeft: t.hintsLeft(),
    firing: [...firing].filter(([, f]) => f).map(([a]) => a),
    successRate: req === 0 ? null : 1 - recent.reduce((n, e) => n + e.failures, 0) / req,
    actions: t.log.events.filter((e) => e.kind === 'act').length,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}
