/**
 * The live questions the runner asks while a run goes on, answered by the
 * same core the report uses. It reads the recorder's growing event array
 * incrementally (only new events are folded in), so polling it every few
 * hundred milliseconds stays cheap over a long run.
 */
import { alertsNamed, type AlertFilter } from './alert-history.js';
import { analyseIncidents } from './incidents.js';
import type { MeasureSpec } from './measure.js';
import { secondOf, SECOND_MS } from './seconds.js';
import { SteadyStateTracker } from './steady-state.js';
import type { TimelineEvent } from '../timeline.js';

export interface LiveJudgeOptions {
  steadyAlerts?: readonly string[];
  lagMs?: number;
}

export class LiveJudge {
  private tracker: SteadyStateTracker;
  private source: readonly TimelineEvent[] | null = null;
  private seen = 0;
  private readonly expected: AlertFilter;

  constructor(
    private readonly spec: MeasureSpec,
    private readonly opts: LiveJudgeOptions = {},
  ) {
    this.tracker = this.fresh();
    this.expected = alertsNamed(spec.detection.expect);
  }

  /** Start of the span, ending at the last judged second, throughout which the hypothesis held; null if it does not hold now. */
  steadySince(events: readonly TimelineEvent[], now: number): number | null {
    return this.sync(events).holdsSince(now);
  }

  /** Whether the hypothesis has held for `windowMs` up to the last judged second (lag-aware; prefer it to `now − steadySince`). */
  steadyHeld(events: readonly TimelineEvent[], now: number, windowMs: number): boolean {
    return this.sync(events).held(windowMs, now);
  }

  /** Firing instant of the first expected alert at or after `tInject`. */
  detectedAt(events: readonly TimelineEvent[], tInject: number): number | null {
    return this.sync(events).alerts.firingsBetween(this.expected, tInject, Number.POSITIVE_INFINITY)[0]?.from ?? null;
  }

  /**
   * t_recovered once a full clear window after the incident's onset has been
   * judged by `now`; null before. With no onset yet, null too: "no observable
   * impact" is only decided at the end of the run.
   */
  recoveredAt(events: readonly TimelineEvent[], tInject: number, now: number): number | null {
    const tracker = this.sync(events);
    const end = tracker.evaluatedEnd(now);
    if (end === null) return null;
    return analyseIncidents(tracker, this.expected, tInject, end).incidents[0]?.recoveredAt ?? null;
  }

  /** Whether the incident has begun: a judged second after `tInject` broke the hypothesis or had an expected alert firing. */
  impactSeen(events: readonly TimelineEvent[], tInject: number, now: number): boolean {
    const tracker = this.sync(events);
    const end = tracker.evaluatedEnd(now);
    if (end === null) return false;
    return analyseIncidents(tracker, this.expected, tInject, end).incidents.length > 0;
  }

  /** False while a span of an unreachable API server is open: what the cluster does is unknown. */
  observable(events: readonly TimelineEvent[], _now: number): boolean {
    return !this.sync(events).blindNow;
  }

  /** Failed ÷ requests over the whole seconds in [now − windowMs, now); null without requests. */
  errorRate(events: readonly TimelineEvent[], now: number, windowMs: number): number | null {
    const tracker = this.sync(events);
    let requests = 0;
    let failures = 0;
    for (let s = secondOf(now - windowMs); s + SECOND_MS <= now; s += SECOND_MS) {
      const d = tracker.sliSecond(s);
      if (d) {
        requests += d.requests;
        failures += d.failures;
      }
    }
    return requests > 0 ? failures / requests : null;
  }

  private sync(events: readonly TimelineEvent[]): SteadyStateTracker {
    // A different or shorter array is a different run: start over.
    if (events !== this.source || events.length < this.seen) {
      this.tracker = this.fresh();
      this.source = events;
      this.seen = 0;
    }
    for (; this.seen < events.length; this.seen++) this.tracker.push(events[this.seen]!);
    return this.tracker;
  }

  private fresh(): SteadyStateTracker {
    return new SteadyStateTracker({ spec: this.spec.steadyState, alerts: this.opts.steadyAlerts, lagMs: this.opts.lagMs });
  }
}
