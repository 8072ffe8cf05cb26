/**
 * k6's JSON output, one point per line, turned into one `sli` event per
 * second: requests and status codes from `http_reqs`, failures from
 * `http_req_failed`, exact p50/p99 from that second's `http_req_duration`
 * points, and per-namespace counts from the load script's
 * `gameday_request_failed` points (or from a `namespace` tag on the
 * built-in metrics). A point belongs to the second its timestamp (the end
 * of the request) falls in.
 */
import type { TimelineEvent } from '../timeline.js';

export type SliEvent = Extract<TimelineEvent, { kind: 'sli' }>;

export interface K6Point {
  metric: string;
  /** Epoch ms. */
  time: number;
  value: number;
  tags: Record<string, string>;
}

/** The namespaced failure metric `load/steady.js` writes. */
export const NAMESPACE_METRIC = 'gameday_request_failed';
export const NAMESPACE_TAG = 'namespace';

/** One line of `k6 run --out json=…`; null for `Metric` declarations and anything unreadable. */
export function parseK6Line(line: string): K6Point | null {
  if (!line.includes('"Point"')) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { type?: unknown; metric?: unknown; data?: { time?: unknown; value?: unknown; tags?: unknown } };
  if (r.type !== 'Point' || typeof r.metric !== 'string' || !r.data) return null;
  const time = typeof r.data.time === 'string' ? Date.parse(r.data.time) : NaN;
  if (Number.isNaN(time) || typeof r.data.value !== 'number') return null;
  const tags: Record<string, string> = {};
  if (typeof r.data.tags === 'object' && r.data.tags !== null) {
    for (const [k, v] of Object.entries(r.data.tags)) if (typeof v === 'string') tags[k] = v;
  }
  return { metric: r.metric, time, value: r.data.value, tags };
}

interface Second {
  requests: number;
  failures: number;
  byStatus: Record<string, number>;
  durations: number[];
  /** From the load script's namespaced metric. */
  scripted: Map<string, { requests: number; failures: number }>;
  /** From a namespace tag on http_req_failed (scripts that tag requests themselves). */
  tagged: Map<string, { requests: number; failures: number }>;
}

const emptySecond = (): Second => ({ requests: 0, failures: 0, byStatus: {}, durations: [], scripted: new Map(), tagged: new Map() });

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null;
}

export class SliSeries {
  private readonly seconds = new Map<number, Second>();
  /** Start of the next second to emit; seconds before it are final. */
  private nextSecond: number | null = null;
  private late = 0;

  add(p: K6Point): void {
    const at = Math.floor(p.time / 1000) * 1000;
    if (this.nextSecond !== null && at < this.nextSecond) {
      // Its second was already emitted; counted so a too-short lateness allowance is visible.
      this.late++;
      return;
    }
    let s = this.seconds.get(at);
    if (!s) this.seconds.set(at, (s = emptySecond()));
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

  /** Points that arrived for a second already emitted (dropped). */
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
