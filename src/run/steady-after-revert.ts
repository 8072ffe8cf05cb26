/**
 * After revert the mesh should be steady again; a GameDay that leaves it
 * broken must say so. Checked only when the run got as far as injecting and
 * was neither interrupted nor broken, and bounded by the steady-state timeout.
 */
import type { Clock } from '../clock.js';
import type { RunEnding } from '../measure/verdict.js';
import type { SteadyStateSpec } from '../scenario/types.js';
import type { FaultLifecycle } from './fault-lifecycle.js';
import type { Judge } from './judge.js';
import type { Recorder } from './recorder.js';
import { waitUntil } from './wait-until.js';

export interface SteadyAfterRevertInput {
  end: RunEnding;
  /** Start of the window that confirmed recovery, when the run saw one. */
  recoveredAt: number | null;
  faults: FaultLifecycle;
  steadyState: SteadyStateSpec;
  judge: Judge;
  recorder: Recorder;
  clock: Clock;
  pollMs: number;
  /** The user's interrupt: it cuts the check short. */
  signal: AbortSignal;
}

export async function checkSteadyAfterRevert(q: SteadyAfterRevertInput): Promise<boolean | null> {
  const { end, recorder, clock, steadyState, judge, signal } = q;
  if (!q.faults.injected() || end.kind === 'interrupted' || end.kind === 'error' || signal.aborted) return null;
  const note = (message: string): void => recorder.add({ kind: 'note', at: clock.now(), message });
  // Every fault was already reverted when the confirming window began: that window was the check.
  if (end.kind === 'recovered' && q.recoveredAt !== null && q.faults.allRevertedBy(q.recoveredAt)) {
    note('steady state held again after revert (the recovery window began after every fault was reverted)');
    return true;
  }
  const from = clock.now();
  // Held for a whole window that lies after the revert.
  const at = await waitUntil(clock, signal, q.pollMs, from + steadyState.timeoutMs, () =>
    clock.now() - from >= steadyState.windowMs && judge.steadyHeld(recorder.events, clock.now(), steadyState.windowMs) ? clock.now() : null,
  );
  note(at === null ? 'steady state did not return after revert' : 'steady state held again after revert');
  return at !== null;
}
