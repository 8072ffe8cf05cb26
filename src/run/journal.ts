/**
 * The on-disk journal of mutations. Every mutation's undo is appended
 * (and flushed) BEFORE the mutation is sent, so a crash at any point leaves
 * a record that `gameday rollback <run-dir>` can replay. Entries are JSON
 * lines; later lines mark earlier ones applied or reverted.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { TargetKind } from '../targets/port.js';
import type { Operation } from '../targets/operations.js';

export type JournalLine =
  | {
      kind: 'header';
      version: 1;
      target: TargetKind;
      context?: string;
      /** The target when it outlives the run (see Target.identity); a later run against it finds this journal. */
      identity?: string;
      /** The process writing the journal: while it runs, the journal is in progress, not unfinished. */
      pid?: number;
      scenario: string;
      startedAt: string;
    }
  | { kind: 'intent'; seq: number; fault: string; op: Operation; undo: Operation | null; at: number }
  | { kind: 'applied'; seq: number; at: number; summary: string }
  /** The call threw; `mayHaveLanded` unless the target knows it never reached the server. Undone either way. */
  | { kind: 'failed'; seq: number; at: number; error: string; mayHaveLanded?: boolean }
  | { kind: 'reverted'; seq: number; at: number; summary: string }
  | { kind: 'revert-failed'; seq: number; at: number; error: string }
  /** `gameday rollback --discard`: what is still applied stays applied, on purpose; the journal is finished. */
  | { kind: 'discarded'; at: number };

export interface JournalEntry {
  seq: number;
  fault: string;
  op: Operation;
  undo: Operation | null;
  /**
   * applied: confirmed; unknown: sent but never confirmed (a crash); failed: the call threw, yet it
   * may have landed (a timed-out PATCH often did). All three are reverted: an undo sets the previous
   * value again, which is harmless when the mutation never took effect.
   */
  status: 'unknown' | 'applied' | 'failed' | 'reverted';
}

export const JOURNAL_FILE = 'journal.jsonl';

export class Journal {
  private fd: number;
  private seq = 0;

  constructor(readonly file: string) {
    const existed = existsSync(file);
    this.fd = openSync(file, 'a');
    if (existed) {
      this.seq = readJournal(file).entries.reduce((m, e) => Math.max(m, e.seq), 0);
      // A crash mid-write leaves a torn line: start ours on a fresh one so both stay readable.
      const text = readFileSync(file, 'utf8');
      if (text.length > 0 && !text.endsWith('\n')) writeSync(this.fd, '\n');
    }
  }

  header(h: Omit<Extract<JournalLine, { kind: 'header' }>, 'kind' | 'version' | 'pid'>): void {
    this.write({ kind: 'header', version: 1, ...h, pid: process.pid });
  }

  /** Records the undo of `op` before `op` is sent; returns the entry's sequence number. */
  intent(fault: string, op: Operation, undo: Operation | null, at: number): number {
    const seq = ++this.seq;
    this.write({ kind: 'intent', seq, fault, op, undo, at });
    return seq;
  }

  mark(line: Exclude<JournalLine, { kind: 'header' } | { kind: 'intent' } | { kind: 'discarded' }>): void {
    this.write(line);
  }

  discard(at: number): void {
    this.write({ kind: 'discarded', at });
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private write(line: JournalLine): void {
    writeSync(this.fd, JSON.stringify(line) + '\n');
    // The point of the journal is surviving a crash: make the line durable before the mutation goes out.
    fsyncSync(this.fd);
  }
}

export interface JournalContents {
  header?: Extract<JournalLine, { kind: 'header' }>;
  entries: JournalEntry[];
  /** Set by `gameday rollback --discard`. */
  discardedAt?: number;
}

export function readJournal(file: string): JournalContents {
  const text = readFileSync(file, 'utf8');
  const entries = new Map<number, JournalEntry>();
  let header: JournalContents['header'];
  let discardedAt: number | undefined;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let line: JournalLine;
    try {
      line = JSON.parse(raw) as JournalLine;
    } catch {
      // A torn last line from a crash mid-write: everything before it is intact.
      continue;
    }
    switch (line.kind) {
      case 'header':
        header = line;
        break;
      case 'intent':
        entries.set(line.seq, { seq: line.seq, fault: line.fault, op: line.op, undo: line.undo, status: 'unknown' });
        break;
      case 'applied':
      case 'failed':
      case 'reverted': {
        const e = entries.get(line.seq);
        if (e) e.status = line.kind;
        break;
      }
      case 'revert-failed':
        break;
      case 'discarded':
        discardedAt = line.at;
        break;
    }
  }
  return { header, entries: [...entries.values()].sort((a, b) => a.seq - b.seq), ...(discardedAt === undefined ? {} : { discardedAt }) };
}

/** Entries still to revert, newest first: every one with an undo that is not marked reverted. */
export function pendingUndos(contents: JournalContents, fault?: string): JournalEntry[] {
  return contents.entries.filter((e) => e.status !== 'reverted' && e.undo !== null && (fault === undefined || e.fault === fault)).reverse();
}
