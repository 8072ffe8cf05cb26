/**
 * timeline.jsonl: one event per line, appended as it happens with a plain
 * write (no buffering in the process), so a crash loses at most the line
 * being written. `sync()` asks the OS to put it on disk at the moments that
 * matter (injection, revert); reading back tolerates a torn last line.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
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
 * was torn by a crash and is dropped; a bad line anywhere else is corruption
 * and throws with its line number.
 */
export function readTimeline(file: string): TimelineEvent[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out: TimelineEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = i === lines.length - 1;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      if (last) return;
      throw new Error(`${file}:${i + 1}: not a JSON line`);
    }
    if (!isEvent(v)) throw new Error(`${file}:${i + 1}: not a timeline event`);
    out.push(v);
  });
  return out;
}

function isEvent(v: unknown): v is TimelineEvent {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && typeof o.at === 'number';
}
