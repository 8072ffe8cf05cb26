/**
 * Live decisions during a run, asked of the timeline recorded so far. They
 * use the measurement engine itself, so what the runner decides live and
 * what the report measures afterwards can never disagree.
 */
import type { TimelineEvent } from '../timeline.js';

export interface Judge {
  /** Whether the steady-state hypothesis has held for the last `windowMs` of judged seconds. */
  steadyHeld(events: readonly TimelineEvent[], now: number, windowMs: number): boolean;
  /** Firing instant of the first expected alert at or after `tInject`. */
  detectedAt(events: readonly TimelineEvent[], tInject: number): number | null;
  /** The recovery instant (start of the confirming window) if recovery is confirmed by `now`. */
  recoveredAt(events: readonly TimelineEvent[], tInject: number, now: number): number | null;
  /** Whether the incident has begun: the hypothesis broke, or an expected alert fired, at or after `tInject`. */
  impactSeen(events: readonly TimelineEvent[], tInject: number, now: number): boolean;
  /** Whether the target can be read now: false while its API server does not answer (nothing may be judged recovered then). */
  observable(events: readonly TimelineEvent[], now: number): boolean;
  /** Error rate over the `windowMs` ending now, null without data. */
  errorRate(events: readonly TimelineEvent[], now: number, windowMs: number): number | null;
}
