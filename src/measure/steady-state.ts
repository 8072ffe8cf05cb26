/**
 * The steady-state hypothesis, evaluated per second (DEFINITIONS.steadySecond).
 * One core, SteadyStateTracker, serves both the runner (events pushed live,
 * "has it held for the window yet?") and the post-hoc measurement
 * (evaluateSteadyState), so a live decision and the report never disagree.
 */
import type { SteadyStateSpec } from '../scenario/types.js';
import { AlertHistory, alertsNamed, anyAlert, type AlertFilter } from './alert-history.js';
import { mergeSecond, SECOND_MS, secondOf, toSecond, type SliSecond } from './seconds.js';
import type { TimelineEvent } from '../timeline.js';

/**
 * `unobserved`: the target's API server did not answer during the second, so Prometheus (which scrapes
 * through it) could not see the mesh; the second is unknown — neither steady nor an incident.
 */
export type SecondBreak = 'no-data' | 'success-rate' | 'p99' | 'alert' | 'unobserved';

/** A span during which the cluster could not be read; `to` null while it lasts. */
export interface BlindSpan {
  from: number;
  to: number | null;
  reason: string;
}

/** Whether a second's only break is that nobody could look: unknown, not broken. */
export function unknownOnly(v: SecondVerdict): boolean {
  return v.breaks.length > 0 && v.breaks.every((b) => b === 'unobserved');
}

export interface SecondVerdict {
  /** Start of the second. */
  at: number;
  holds: boolean;
  /** Why it does not hold; empty when it does. */
  breaks: SecondBreak[];
  requests: number;
  failures: number;
  successRate: number | null;
  p99Ms: number | null;
}

export interface SteadyStateOptions {
  spec: SteadyStateSpec;
  /** Alert names that count against "no firing alerts"; absent: every alert. */
  alerts?: readonly string[];
  /**
   * Live use: how late an SLI second may arrive before its absence counts as
   * a gap (the load engine's stream runs about a second behind). Default 2000 ms.
   */
  lagMs?: number;
}

const DEFAULT_LAG_MS = 2000;

export class SteadyStateTracker {
  readonly alerts = new AlertHistory();
  private readonly sli = new Map<number, SliSecond>();
  private firstSecond: number | null = null;
  private lastSecond: number | null = null;
  private readonly counted: AlertFilter;
  private readonly blind: BlindSpan[] = [];

  constructor(private readonly opts: SteadyStateOptions) {
    this.counted = opts.alerts ? alertsNamed(opts.alerts) : anyAlert;
  }

  get spec(): SteadyStateSpec {
    return this.opts.spec;
  }

  /** The alerts that count against "no firing alerts". */
  get countedAlerts(): AlertFilter {
    return this.counted;
  }

  push(e: TimelineEvent): void {
    const open = this.blind.at(-1)?.to === null ? this.blind.at(-1) : undefined;
    if (e.kind === 'apiserver.unreachable') {
      if (!open) this.blind.push({ from: e.at, to: null, reason: e.reason });
    } else if (e.kind === 'apiserver.reachable') {
      if (open) open.to = Math.max(open.from, e.at);
    } else if (e.kind === 'alert') this.alerts.add(e);
    else if (e.kind === 'sli') {
      const s = toSecond(e);
      const prev = this.sli.get(s.at);
      this.sli.set(s.at, prev ? mergeSecond(prev, s) : s);
      if (this.firstSecond === null || s.at < this.firstSecond) this.firstSecond = s.at;
      if (this.lastSecond === null || s.at > this.lastSecond) this.lastSecond = s.at;
    }
  }

  /** Spans during which the cluster could not be read, in order. */
  blindSpans(): BlindSpan[] {
    return this.blind.map((b) => ({ ...b }));
  }

  /** Whether the cluster cannot be read as of the last event (a span is open). */
  get blindNow(): boolean {
    return this.blind.at(-1)?.to === null;
  }

  /** Start of the first SLI second seen; null before any. */
  get firstDataAt(): number | null {
    return this.firstSecond;
  }

  sliSecond(at: number): SliSecond | undefined {
    return this.sli.get(secondOf(at));
  }

  /** All SLI seconds, in time order. */
  sliSeconds(): SliSecond[] {
    return [...this.sli.values()].sort((a, b) => a.at - b.at);
  }

  verdict(at: number): SecondVerdict {
    const s0 = secondOf(at);
    const d = this.sli.get(s0);
    const breaks: SecondBreak[] = [];
    const requests = d?.requests ?? 0;
    const failures = d?.failures ?? 0;
    const successRate = requests > 0 ? (requests - failures) / requests : null;
    const p99Ms = d?.p99Ms ?? null;
    if (successRate === null || p99Ms === null) breaks.push('no-data');
    else {
      if (successRate < this.opts.spec.minSuccessRate) breaks.push('success-rate');
      if (p99Ms > this.opts.spec.maxP99Ms) breaks.push('p99');
    }
    if (this.opts.spec.noFiringAlerts && this.alerts.firingDuring(this.counted, s0, s0 + SECOND_MS)) breaks.push('alert');
    if (this.blind.some((b) => b.from < s0 + SECOND_MS && (b.to === null || b.to > s0))) breaks.push('unobserved');
    return { at: s0, holds: breaks.length === 0, breaks, requests, failures, successRate, p99Ms };
  }

  /**
   * Verdicts for every whole second in [from, to), data or not; a trailing
   * partial second is included only if it has data.
   */
  verdicts(from: number, to: number): SecondVerdict[] {
    const out: SecondVerdict[] = [];
    for (let s = secondOf(from); s < to; s += SECOND_MS) {
      if (s + SECOND_MS > to && !this.sli.has(s)) break;
      out.push(this.verdict(s));
    }
    return out;
  }

  /**
   * End (exclusive) of the seconds that can be judged: the last second with
   * data, or — given `now` — every second that should have arrived by now.
   */
  evaluatedEnd(now?: number): number | null {
    if (this.lastSecond === null) return null;
    const byData = this.lastSecond + SECOND_MS;
    if (now === undefined) return byData;
    return Math.max(byData, secondOf(now - (this.opts.lagMs ?? DEFAULT_LAG_MS)));
  }

  /**
   * Start of the run of holding seconds that ends with the last judged
   * second; null if that second does not hold or a counted alert is firing
   * now (an alert may be heard before the SLI seconds that cover it).
   */
  holdsSince(now?: number): number | null {
    const end = this.evaluatedEnd(now);
    if (end === null || this.firstSecond === null) return null;
    if (this.opts.spec.noFiringAlerts && this.alerts.firingOpen(this.counted)) return null;
    let since: number | null = null;
    for (let s = end - SECOND_MS; s >= this.firstSecond; s -= SECOND_MS) {
      if (!this.verdict(s).holds) break;
      since = s;
    }
    return since;
  }

  /** Whether the hypothesis has held for at least `windowMs` up to the last judged second. */
  held(windowMs: number, now?: number): boolean {
    const since = this.holdsSince(now);
    const end = this.evaluatedEnd(now);
    return since !== null && end !== null && end - since >= windowMs;
  }
}

/** Number of whole seconds a window of `windowMs` needs (at least one). */
export function windowSeconds(windowMs: number): number {
  return Math.max(1, Math.ceil(windowMs / SECOND_MS));
}

/**
 * Start of the first run of consecutive seconds in `verdicts` that all pass
 * `clear` and together span `windowMs`; null if there is none.
 */
export function firstClearWindow(
  verdicts: readonly SecondVerdict[],
  windowMs: number,
  clear: (v: SecondVerdict) => boolean,
  fromIndex = 0,
): number | null {
  const need = windowSeconds(windowMs);
  let run = 0;
  for (let i = fromIndex; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    run = clear(v) ? run + 1 : 0;
    if (run === need) return verdicts[i - need + 1]!.at;
  }
  return null;
}

export interface SteadyStateEvaluation {
  /** One verdict per second from the first SLI second to `to`. */
  seconds: SecondVerdict[];
  /** Seconds in `seconds` with no SLI data. */
  dataGaps: number;
  /** Start of the first window of `windowMs` throughout which the hypothesis held; null if never. */
  firstHeldAt: number | null;
}

/** Post-hoc evaluation of a whole timeline (or of its seconds before `to`). */
export function evaluateSteadyState(events: readonly TimelineEvent[], opts: SteadyStateOptions, to?: number): SteadyStateEvaluation {
  const tracker = new SteadyStateTracker(opts);
  for (const e of events) tracker.push(e);
  return evaluateTracked(tracker, to);
}

export function evaluateTracked(tracker: SteadyStateTracker, to?: number): SteadyStateEvaluation {
  const from = tracker.firstDataAt;
  const end = to ?? tracker.evaluatedEnd();
  if (from === null || end === null) return { seconds: [], dataGaps: 0, firstHeldAt: null };
  const seconds = tracker.verdicts(from, end);
  return {
    seconds,
    dataGaps: seconds.filter((v) => v.breaks.includes('no-data')).length,
    firstHeldAt: firstClearWindow(seconds, tracker.spec.windowMs, (v) => v.holds),
  };
}
