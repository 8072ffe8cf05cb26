/**
 * timeline.jsonl: one event per line, appended as it happens with a plain
 * write (no buffering in the process), so a crash loses at most the line
 * being written. `sync()` asks the OS to put it on disk at the moments that
 * matter (injection, revert); reading back tolerates a torn last line.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readJsonLines } from '../json-lines.js';
import type { TimelineEvent } from '../timeline.js';

export const TIMELINE_FILE = 'timeline.jsonl';

export class TimelineWriter {
  private fd: number | null;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  append(e: TimelineEvent): void {
    if (this.fd === null) throw new Error(`timeline ${this.file} is closed`);
    writeSync(this.fd, JSON.stringify(e) + '\n');
  }

  /** Flushes to disk; cheap enough for every phase change, too slow for every SLI second. */
  sync(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Reads a timeline back. A last line without its newline that does not parse
 * was torn (a write not finished, or a crash) and is dropped; a bad line
 * anywhere else is corruption and throws with its line number.
 */
export function readTimeline(file: string): TimelineEvent[] {
  return readJsonLines(file).map(({ value, line }) => {
    if (!isEvent(value)) throw new Error(`${file}:${line}: not a timeline event`);
    return value;
  });
}

function isEvent(v: unknown): v is TimelineEvent {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && typeof o.at === 'number';
}
