/** The target events of a run, kept for the control API's `/events` (bounded: a churn storm makes many). */
import type { TargetEvent } from '../port.js';

export class EventLog {
  private readonly events: TargetEvent[] = [];

  constructor(private readonly max = 10_000) {}

  add(e: TargetEvent): void {
    this.events.push(e);
    // Dropped a quarter at a time: dropping one per event past the cap moves the whole array every time.
    if (this.events.length > this.max + this.max / 4) this.events.splice(0, this.events.length - this.max);
  }

  /** Events at or after `sinceMs` (all kept when absent, at most `max`), oldest first. */
  since(sinceMs?: number): TargetEvent[] {
    const kept = this.events.length > this.max ? this.events.slice(-this.max) : this.events;
    return sinceMs === undefined ? [...kept] : kept.filter((e) => e.at >= sinceMs);
  }
}
