/**
 * The run's timeline as it happens: kept in memory for live decisions,
 * appended to `timeline.jsonl` at once so nothing a run measured is lost if
 * the process dies, and fanned out to listeners (the live status line).
 */
import { appendFileSync } from 'node:fs';
import type { TimelineEvent } from '../measure/timeline.js';

export class Recorder {
  readonly events: TimelineEvent[] = [];
  private listeners: ((e: TimelineEvent) => void)[] = [];

  constructor(private readonly file?: string) {}

  add = (e: TimelineEvent): void => {
    this.events.push(e);
    if (this.file) appendFileSync(this.file, JSON.stringify(e) + '\n');
    for (const l of this.listeners) l(e);
  };

  subscribe(listener: (e: TimelineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
