/**
 * Whether the API server answers, as one cluster target sees it: from its own
 * calls (a mutation that could not get through) and from a probe it sends
 * every second while up, so an outage between mutations is seen too — the
 * observers scrape the cluster through the same server, and a span nobody
 * could see through must be judged unknown, never steady. Listeners hear each
 * change once: unreachable (with the instant the failing call was sent) and
 * reachable again.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { ReachabilityChange } from '../port.js';
import type { KubeClient } from './kube-client.js';
import { transientFailure, type TransientFailure } from './api-retry.js';

const PROBE_EVERY_MS = 1000;
/** A probe not answered by then counts as a failure (the call itself runs on to the client's request timeout). */
const PROBE_DEADLINE_MS = 2000;
/** How late the probe's own timer may fire before the delay is this process', not the server's. */
const LOOP_LAG_MS = 500;

export class ApiReachability {
  private down: { since: number; reason: string } | undefined;
  private readonly listeners = new Set<(c: ReachabilityChange) => void>();
  private probing: AbortController | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  on(listener: (c: ReachabilityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get reachable(): boolean {
    return this.down === undefined;
  }

  failed(f: TransientFailure, since: number): void {
    if (this.down) return;
    this.down = { since, reason: f.reason };
    this.log.warn({ event: 'kube.unreachable', since, reason: f.reason }, `API server unreachable (${f.reason})`);
    this.tell({ at: since, reachable: false, reason: f.reason });
  }

  answered(at: number): void {
    if (!this.down) return;
    const { since } = this.down;
    this.down = undefined;
    this.log.info({ event: 'kube.reachable', at, unreachableMs: at - since }, `API server answers again after ${at - since} ms`);
    this.tell({ at, reachable: true, reason: '' });
  }

  /** Probes `GET /api` every second until `stopProbing`. */
  startProbing(client: KubeClient): void {
    if (this.probing) return;
    const stop = (this.probing = new AbortController());
    void (async () => {
      while (!stop.signal.aborted) {
        await this.probe(client, stop.signal);
        await this.clock.sleep(PROBE_EVERY_MS, stop.signal).catch(() => undefined);
      }
    })();
  }

  stopProbing(): void {
    this.probing?.abort();
    this.probing = undefined;
  }

  private async probe(client: KubeClient, signal: AbortSignal): Promise<void> {
    const sent = this.clock.now();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), PROBE_DEADLINE_MS);
    });
    const call = client.core.getAPIResources().then(
      () => 'ok' as const,
      (err: unknown) => err,
    );
    try {
      let r = await Promise.race([call, late]);
      // A timer that fired well past its time says this process was stalled (a busy machine), not
      // the server: wait for the call's own answer or timeout instead of blaming the server.
      if (r === 'late' && performance.now() - started > PROBE_DEADLINE_MS + LOOP_LAG_MS) r = await call;
      if (signal.aborted) return;
      if (r === 'ok') this.answered(this.clock.now());
      else if (r === 'late') this.failed({ reason: `no answer to a probe in ${PROBE_DEADLINE_MS} ms`, mayHaveLanded: false }, sent);
      else {
        const f = transientFailure(r);
        if (f) this.failed(f, sent);
        else this.answered(this.clock.now());
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private tell(c: ReachabilityChange): void {
    for (const l of this.listeners) l(c);
  }
}
