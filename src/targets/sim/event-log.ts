/** The target events of a run, kept for the control API's `/events` (bounded: a churn storm makes many). */
import type { TargetEvent } from '../port.js';
import { BoundedLog } from './model/bounded-log.js';

export class EventLog {
  private readonly events: BoundedLog<TargetEvent>;

  constructor(max = 10_000) {
    this.events = new BoundedLog(max);
  }

  add(e: TargetEvent): void {
    this.events.push(e);
  }

  /** Events at or after `sinceMs` (all kept when absent, at most `max`), oldest first. */
  since(sinceMs?: number): TargetEvent[] {
    const kept = this.events.recent();
    return sinceMs === undefined ? [...kept] : kept.filter((e) => e.at >= sinceMs);
  }
}
