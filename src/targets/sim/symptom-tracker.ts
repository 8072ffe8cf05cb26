/**
 * The simulator's ground truth for time to detect: the instant users were
 * first hurt after a healthy stretch, taken from the responses the data plane
 * actually sent (what the load engine saw), on the run's clock.
 */
import type { Clock } from '../../clock.js';
import type { SymptomRecord } from '../port.js';

/** A request counts as failed unless its status is 200–399: k6's rule, which both load engines follow (docs/prometheus.md#the-load-engines-failed-request). */
export function isFailedStatus(status: number): boolean {
  return status < 200 || status >= 400;
}

export interface SymptomTrackerOptions {
  /** A failure this long after the last one starts a new episode. */
  healthyWindowMs?: number;
}

export class SymptomTracker {
  private readonly records: SymptomRecord[] = [];
  private lastFailureAt: number | null = null;
  private readonly healthyWindowMs: number;

  constructor(
    private readonly clock: Clock,
    opts: SymptomTrackerOptions = {},
  ) {
    // Long enough that a steady trickle of failures is one episode, short
    // enough that a recovery between two faults of one run is seen.
    this.healthyWindowMs = opts.healthyWindowMs ?? 10_000;
  }

  /** Notes one response; `what` is only built when it opens an episode. */
  observe(status: number, what: () => string): void {
    if (!isFailedStatus(status)) return;
    const now = this.clock.now();
    if (this.lastFailureAt === null || now - this.lastFailureAt >= this.healthyWindowMs) {
      this.records.push({ at: now, what: what() });
    }
    this.lastFailureAt = now;
  }

  all(): SymptomRecord[] {
    return this.records.map((r) => ({ ...r }));
  }
}
