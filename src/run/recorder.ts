/**
 * The run's timeline as it happens: kept in memory for live decisions,
 * appended to `timeline.jsonl` at once so nothing a run measured is lost if
 * the process dies, and fanned out to listeners (the live status line).
 */
import type { TimelineEvent } from '../timeline.js';
import { TimelineWriter } from '../report/timeline-writer.js';

export class Recorder {
  readonly events: TimelineEvent[] = [];
  private listeners: ((e: TimelineEvent) => void)[] = [];
  private readonly writer?: TimelineWriter;

  constructor(file?: string) {
    if (file) this.writer = new TimelineWriter(file);
  }

  add = (e: TimelineEvent): void => {
    this.events.push(e);
    this.writer?.append(e);
    // The moments a crash must not lose reach the disk before the run goes on.
    if (e.kind !== 'sli') this.writer?.sync();
    for (const l of this.listeners) l(e);
  };

  subscribe(listener: (e: TimelineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  close(): void {
    this.writer?.close();
  }
}
