/**
 * A client of the simulator's control API (control-api.ts), for the CLI and
 * for attaching to a `gameday sim serve` that another process runs.
 */
import { ComponentError, TargetError, UsageError } from '../../errors.js';
import type { Confirmation, Operation } from '../operations.js';
import type { SymptomRecord, TargetEvent } from '../port.js';
import type { MeshSnapshot } from '../views.js';
import type { ComparableState } from './model/sim-model.js';
import type { SimEndpoints } from './sim-target.js';

/** Environment variable naming a running simulator's control URL. */
export const SIM_CONTROL_ENV = 'GAMEDAY_SIM_CONTROL';

export type Listing = 'pods' | 'deployments' | 'policies' | 'nodes' | 'proxy-status';

interface ErrorBody {
  error?: string;
  issues?: string[];
}

export class SimControlClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  snapshot(): Promise<MeshSnapshot> {
    return this.json<MeshSnapshot>('GET', '/snapshot');
  }

  endpoints(): Promise<SimEndpoints | null> {
    return this.json<SimEndpoints | null>('GET', '/endpoints');
  }

  events(sinceMs?: number): Promise<TargetEvent[]> {
    return this.json<TargetEvent[]>('GET', sinceMs === undefined ? '/events' : `/events?since=${sinceMs}`);
  }

  /** The served model's configuration in comparable form (see model/comparable-state.ts). */
  state(): Promise<ComparableState | null> {
    return this.json<ComparableState | null>('GET', '/state');
  }

  symptoms(): Promise<SymptomRecord[]> {
    return this.json<SymptomRecord[]>('GET', '/symptoms');
  }

  apply(op: Operation): Promise<Confirmation> {
    return this.json<Confirmation>('POST', '/operations', op);
  }

  async inverse(op: Operation): Promise<Operation | null> {
    return (await this.json<{ inverse: Operation | null }>('POST', '/operations/inverse', op)).inverse;
  }

  /** A listing as the kubectl/istioctl-like table. */
  async table(what: Listing): Promise<string> {
    const res = await this.request('GET', `/${what}?format=text`);
    const text = await res.text();
    if (!res.ok) throw this.failure(res.status, text, `GET /${what}`);
    return text;
  }

  /** A listing as JSON. */
  list(what: Listing): Promise<unknown> {
    return this.json<unknown>('GET', `/${what}`);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (!res.ok) throw this.failure(res.status, text, `${method} ${path}`);
    return JSON.parse(text) as T;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
      throw new ComponentError('simulator', `no simulator control API at ${this.baseUrl} (${cause}); start one with \`gameday sim serve\``);
    }
  }

  private failure(status: number, text: string, what: string): Error {
    let parsed: ErrorBody = {};
    try {
      parsed = JSON.parse(text) as ErrorBody;
    } catch {
      parsed = { error: text.trim() };
    }
    const message = [parsed.error ?? `HTTP ${status}`, ...(parsed.issues ?? []).map((i) => `  ${i}`)].join('\n');
    if (status === 400) return new UsageError(message);
    if (status === 409) return new TargetError(message, what);
    return new ComponentError('simulator', `${what}: ${message}`);
  }
}
