/** The target events of a run, kept for the control API's `/events` (bounded: a churn storm makes many). */
import type { TargetEvent } from '../port.js';

export class EventLog {
  private readonly events: TargetEvent[] = [];

  constructor(private readonly max = 10_000) {}

  add(e: TargetEvent): void {
    this.events.push(e);
    if (this.events.length > this.max) this.events.splice(0, this.events.length - this.max);
  }

  /** Events at or after `sinceMs` (all when absent), oldest first. */
  since(sinceMs?: number): TargetEvent[] {
    return sinceMs === undefined ? [...this.events] : this.events.filter((e) => e.at >= sinceMs);
  }
}
