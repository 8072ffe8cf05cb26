/**
 * A load engine's results turned into one `sli` event per second, whichever
 * engine produced them: one result per request (vegeta), or k6's points —
 * requests and status codes from `http_reqs`, failures from
 * `http_req_failed`, exact p50/p99 from that second's `http_req_duration`
 * points, and per-namespace counts from the load script's
 * `gameday_request_failed` points (or from a `namespace` tag on the
 * built-in metrics). A result belongs to the second its request ended in
 * (k6 stamps a point at the end of the request).
 */
import type { TimelineEvent } from '../../timeline.js';
import { NAMESPACE_METRIC, NAMESPACE_TAG, type K6Point } from './k6-points.js';

export type SliEvent = Extract<TimelineEvent, { kind: 'sli' }>;

interface Second {
  requests: number;
  failures: number;
  byStatus: Record<string, number>;
  durations: number[];
  /** From the load script's namespaced metric. */
  scripted: Map<string, { requests: number; failures: number }>;
  /** From a namespace tag on http_req_failed (scripts that tag requests themselves), or each request's own namespace. */
  tagged: Map<string, { requests: number; failures: number }>;
}

const emptySecond = (): Second => ({ requests: 0, failures: 0, byStatus: {}, durations: [], scripted: new Map(), tagged: new Map() });

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null;
}

/** One request as an engine saw it end. */
export interface RequestResult {
  /** Epoch ms at which the request ended (response or error). */
  endedAt: number;
  /** HTTP status as text; `0` when no response came (timeout, refused connection), as k6 reports it. */
  status: string;
  failed: boolean;
  latencyMs: number;
  /** The namespace that answered (or that the route leads to); absent when unknown. */
  namespace?: string;
}

export class SliSeries {
  private readonly seconds = new Map<number, Second>();
  /** Start of the next second to emit; seconds before it are final. */
  private nextSecond: number | null = null;
  private late = 0;

  /** One whole request (engines that report per request). */
  addRequest(r: RequestResult): void {
    const s = this.secondOf(r.endedAt);
    if (!s) return;
    s.requests++;
    s.byStatus[r.status] = (s.byStatus[r.status] ?? 0) + 1;
    if (r.failed) s.failures++;
    s.durations.push(r.latencyMs);
    if (r.namespace !== undefined) bump(s.tagged, r.namespace, r.failed ? 1 : 0);
  }

  /** One k6 point (k6 reports a request as several metrics' points). */
  add(p: K6Point): void {
    const s = this.secondOf(p.time);
    if (!s) return;
    switch (p.metric) {
      case 'http_reqs':
        s.requests += p.value;
        s.byStatus[p.tags.status ?? 'unknown'] = (s.byStatus[p.tags.status ?? 'unknown'] ?? 0) + p.value;
        break;
      case 'http_req_failed':
        s.failures += p.value;
        if (p.tags[NAMESPACE_TAG]) bump(s.tagged, p.tags[NAMESPACE_TAG], p.value);
        break;
      case 'http_req_duration':
        s.durations.push(p.value);
        break;
      case NAMESPACE_METRIC:
        if (p.tags[NAMESPACE_TAG]) bump(s.scripted, p.tags[NAMESPACE_TAG], p.value);
        break;
    }
  }

  /** The second `time` falls in; null when that second was already emitted. */
  private secondOf(time: number): Second | null {
    const at = Math.floor(time / 1000) * 1000;
    if (this.nextSecond !== null && at < this.nextSecond) {
      // Its second was already emitted; counted so a too-short lateness allowance is visible.
      this.late++;
      return null;
    }
    let s = this.seconds.get(at);
    if (!s) this.seconds.set(at, (s = emptySecond()));
    return s;
  }

  /** Results that arrived for a second already emitted (dropped). */
  get latePoints(): number {
    return this.late;
  }

  /**
   * Emits every second that ends at or before `before` (epoch ms), oldest
   * first, with empty seconds between the first and last data filled in as
   * zero-request seconds (no request completed: a gap, not a good second).
   */
  drain(before: number): SliEvent[] {
    const out: SliEvent[] = [];
    const keys = [...this.seconds.keys()].sort((a, b) => a - b);
    if (this.nextSecond === null) {
      if (keys.length === 0) return out;
      this.nextSecond = keys[0]!;
    }
    while (this.nextSecond + 1000 <= before) {
      const s = this.seconds.get(this.nextSecond);
      const anyLater = keys.some((k) => k > this.nextSecond!);
      if (!s && !anyLater) break;
      out.push(toEvent(this.nextSecond, s ?? emptySecond()));
      this.seconds.delete(this.nextSecond);
      this.nextSecond += 1000;
    }
    return out;
  }

  /** Emits everything left, the last (partial) second included. */
  flush(): SliEvent[] {
    return this.drain(Number.POSITIVE_INFINITY);
  }
}

function bump(m: Map<string, { requests: number; failures: number }>, ns: string, failed: number): void {
  const c = m.get(ns) ?? { requests: 0, failures: 0 };
  c.requests += 1;
  c.failures += failed;
  m.set(ns, c);
}

function toEvent(at: number, s: Second): SliEvent {
  const sorted = s.durations.sort((a, b) => a - b);
  const ev: SliEvent = {
    kind: 'sli',
    at,
    requests: s.requests,
    failures: s.failures,
    byStatus: s.byStatus,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
  const ns = s.scripted.size > 0 ? s.scripted : s.tagged;
  if (ns.size > 0) ev.byNamespace = Object.fromEntries([...ns].sort(([a], [b]) => (a < b ? -1 : 1)));
  return ev;
}
