/**
 * When Prometheus fired or resolved an alert, from what its API says.
 *
 * Rule groups are evaluated on a fixed grid of ticks, one interval apart.
 * An alert's `activeAt` is the timestamp of the evaluation that first found
 * its expression true, so it lies on the grid; the alert fires at the first
 * evaluation with `tick - activeAt >= for`, i.e. at activeAt + for rounded
 * up to the grid. A rule's `lastEvaluation` is the wall-clock start of its
 * latest evaluation, a little after that evaluation's tick: rounding it down
 * on the same grid gives the tick itself.
 */

/** The first evaluation tick at or after activeAt + for. */
export function firingInstant(activeAtMs: number, forMs: number, intervalMs: number): number {
  if (intervalMs <= 0) return activeAtMs + forMs;
  return activeAtMs + Math.ceil(forMs / intervalMs) * intervalMs;
}

/** The evaluation tick at or before `t` on the grid through `anchorMs`. */
export function tickAtOrBefore(t: number, anchorMs: number, intervalMs: number): number {
  if (intervalMs <= 0) return t;
  return anchorMs + Math.floor((t - anchorMs) / intervalMs) * intervalMs;
}

/**
 * The resolution instant of an alert last seen active and now gone: the
 * tick of the latest evaluation (upper bound; exact when polls are no
 * further apart than one interval), never later than `now`.
 */
export function resolvedInstant(activeAtMs: number, lastEvaluationMs: number | null, intervalMs: number, now: number): number {
  if (lastEvaluationMs === null) return now;
  return Math.min(now, tickAtOrBefore(lastEvaluationMs, activeAtMs, intervalMs));
}
