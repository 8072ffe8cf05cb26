/**
 * The only path from a fault (or a responder) to the target: compute the
 * undo from current state, journal it, then send the mutation. Reverting
 * replays undos newest first, retries each a few times, and goes on past
 * failures so one stuck undo never leaves the rest of the mesh broken.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { errorText, TargetError } from '../errors.js';
import { describeOperation, type Confirmation, type Operation } from '../targets/operations.js';
import type { Target } from '../targets/port.js';
import { pendingUndos, type Journal, type JournalContents, type JournalEntry } from './journal.js';

export interface RevertOutcome {
  reverted: string[];
  failures: { operation: string; error: string }[];
}

const UNDO_ATTEMPTS = 3;
const UNDO_RETRY_MS = 500;

export class Mutator {
  private entries: JournalEntry[] = [];

  constructor(
    private readonly target: Target,
    private readonly journal: Journal,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async mutate(fault: string, op: Operation): Promise<Confirmation> {
    const undo = await this.target.inverse(op);
    const seq = this.journal.intent(fault, op, undo, this.clock.now());
    const entry: JournalEntry = { seq, fault, op, undo, status: 'unknown' };
    this.entries.push(entry);
    try {
      const confirmation = await this.target.apply(op);
      entry.status = 'applied';
      this.journal.mark({ kind: 'applied', seq, at: confirmation.at, summary: confirmation.summary });
      this.log.info({ event: 'target.mutate', fault, operation: describeOperation(op) }, confirmation.summary);
      return confirmation;
    } catch (err) {
      // The mutation may or may not have landed; keep status 'unknown' so revert still tries the undo
      // (setting the previous value again is harmless if it never took effect).
      const mayHaveLanded = !(err instanceof TargetError && !err.mayHaveLanded);
      this.journal.mark({ kind: 'failed', seq, at: this.clock.now(), error: errorText(err), mayHaveLanded });
      this.log.warn(
        { event: 'target.mutate-failed', fault, operation: describeOperation(op), mayHaveLanded, error: errorText(err) },
        mayHaveLanded ? 'mutation failed; it may have landed and will be undone at revert' : 'mutation failed before reaching the target',
      );
      throw err;
    }
  }

  /** Reverts what `fault` changed (or everything, without a fault name), newest first. */
  async undo(fault?: string): Promise<RevertOutcome> {
    const contents: JournalContents = { entries: this.entries };
    return replayUndos(pendingUndos(contents, fault), this.target, this.clock, this.log, this.journal, (e) => {
      e.status = 'reverted';
    });
  }

  /** Entries still holding an undo, for the report. */
  outstanding(): JournalEntry[] {
    return pendingUndos({ entries: this.entries });
  }
}

/** Shared by the live revert and `gameday rollback` (which replays a journal read from disk). */
export async function replayUndos(
  entries: JournalEntry[],
  target: Target,
  clock: Clock,
  log: Logger,
  journal: Journal | undefined,
  onReverted: (e: JournalEntry) => void = () => {},
): Promise<RevertOutcome> {
  const outcome: RevertOutcome = { reverted: [], failures: [] };
  for (const entry of entries) {
    if (!entry.undo) continue;
    const text = describeOperation(entry.undo);
    let lastError = '';
    let done = false;
    for (let attempt = 1; attempt <= UNDO_ATTEMPTS && !done; attempt++) {
      try {
        const c = await target.apply(entry.undo);
        journal?.mark({ kind: 'reverted', seq: entry.seq, at: c.at, summary: c.summary });
        onReverted(entry);
        outcome.reverted.push(text);
        log.info({ event: 'revert.step', fault: entry.fault, operation: text }, c.summary);
        done = true;
      } catch (err) {
        lastError = errorText(err);
        log.warn({ event: 'revert.retry', fault: entry.fault, operation: text, attempt, error: lastError }, 'undo failed');
        if (attempt < UNDO_ATTEMPTS) await clock.sleep(UNDO_RETRY_MS * attempt);
      }
    }
    if (!done) {
      journal?.mark({ kind: 'revert-failed', seq: entry.seq, at: clock.now(), error: lastError });
      outcome.failures.push({ operation: text, error: lastError });
    }
  }
  return outcome;
}
