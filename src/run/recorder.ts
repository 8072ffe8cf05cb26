/**
 * The run's timeline as it happens: kept in memory for live decisions,
 * appended to `timeline.jsonl` at once so nothing a run measured is lost if
 * the process dies, and fanned out to listeners (the live status line).
 */
import type { TimelineEvent } from '../timeline.js';
import { TimelineWriter } from '../report/timeline-writer.js';

/** Where the timeline goes: the file, or a stand-in (tests). */
export interface TimelineSink {
  append(e: TimelineEvent): void;
  sync(): void;
  close(): void;
}

/**
 * Observations that come in storms: a pod-churn fault on a large mesh reports
 * hundreds of pod events a second, each raised inside a simulator tick or a
 * watch callback. They share one fsync on the next turn of the event loop
 * instead of one each on the path that raised them; a process crash loses
 * none of them either way (each line is written at once), only the OS
 * crashing in that turn could.
 */
const SYNCED_IN_BULK: ReadonlySet<TimelineEvent['kind']> = new Set(['target', 'symptom']);

export class Recorder {
  readonly events: TimelineEvent[] = [];
  private listeners: ((e: TimelineEvent) => void)[] = [];
  private readonly writer?: TimelineSink;
  private syncDue: NodeJS.Immediate | null = null;

  constructor(to?: string | TimelineSink) {
    if (to) this.writer = typeof to === 'string' ? new TimelineWriter(to) : to;
  }

  add = (e: TimelineEvent): void => {
    this.events.push(e);
    this.writer?.append(e);
    // The moments a crash must not lose reach the disk before the run goes on.
    if (SYNCED_IN_BULK.has(e.kind)) this.syncDue ??= setImmediate(this.syncNow);
    else if (e.kind !== 'sli') this.syncNow();
    for (const l of this.listeners) l(e);
  };

  subscribe(listener: (e: TimelineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  close(): void {
    this.cancelDue();
    this.writer?.close();
  }

  private readonly syncNow = (): void => {
    this.cancelDue();
    this.writer?.sync();
  };

  private cancelDue(): void {
    if (this.syncDue) clearImmediate(this.syncDue);
    this.syncDue = null;
  }
}
