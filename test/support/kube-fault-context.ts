/**
 * A fault's context on a real target, built the way the runner builds it:
 * every mutation goes through the Mutator, so its undo is read from live
 * state and journaled (on disk) before the mutation is sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { WallClock } from '../../src/clock.js';
import type { FaultContext } from '../../src/faults/fault.js';
import { silentLogger } from '../../src/log.js';
import { JOURNAL_FILE, Journal } from '../../src/run/journal.js';
import { Mutator } from '../../src/run/mutator.js';
import type { Target } from '../../src/targets/port.js';

export interface FaultHarness {
  ctx: FaultContext;
  journal: Journal;
  journalFile: string;
  /** Aborts the fault's background activity (what the runner does when it reverts). */
  stop(): void;
}

export function faultHarness(target: Target, fault: string, log: Logger = silentLogger()): FaultHarness {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-kube-fault-'));
  const journalFile = join(dir, JOURNAL_FILE);
  const journal = new Journal(journalFile);
  journal.header({ target: target.kind, scenario: fault, startedAt: new Date().toISOString() });
  const clock = new WallClock();
  const mutator = new Mutator(target, journal, clock, log);
  const controller = new AbortController();
  const ctx: FaultContext = {
    fault,
    clock,
    log,
    signal: controller.signal,
    snapshot: () => target.snapshot(),
    mutate: (op) => mutator.mutate(fault, op),
    undoAll: async () => {
      await mutator.undo(fault);
    },
  };
  return { ctx, journal, journalFile, stop: () => controller.abort() };
}
