/**
 * The end of every run: undo everything it changed, newest first, and keep
 * the books — what was reverted, and what could not be (left in the journal
 * for `gameday rollback`).
 */
import type { FaultLifecycle } from './fault-lifecycle.js';
import type { Mutator, RevertOutcome } from './mutator.js';

/** `actors` own operations that answered the faults (the responder, a trainee): undone first, in that order. */
export async function revertEverything(mutator: Mutator, faults: FaultLifecycle, actors: readonly string[]): Promise<RevertOutcome> {
  // Undo newest first: a responder acts after the fault it answers, so its operations (a tag moved
  // back, a limit raised) are undone before the fault's own — the mesh ends as it was before the run.
  const actorUndo: RevertOutcome = { reverted: [], failures: [] };
  for (const actor of actors) {
    const undone = await mutator.undo(actor);
    actorUndo.reverted.push(...undone.reverted);
    actorUndo.failures.push(...undone.failures);
  }
  await faults.revertAll();
  const leftover = await mutator.undo();
  const records = faults.records();
  return {
    reverted: records
      .filter((r) => r.revertOk)
      .map((r) => r.name)
      .concat(actorUndo.reverted, leftover.reverted),
    failures: actorUndo.failures.concat(
      leftover.failures,
      records.filter((r) => !r.revertOk).map((r) => ({ operation: `revert ${r.name}`, error: 'see journal' })),
    ),
  };
}
