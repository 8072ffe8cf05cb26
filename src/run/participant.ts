/**
 * The runner's one extension point for someone who acts on the mesh while a
 * run is live besides the scripted responder — the trainee of `gameday
 * train`. The participant is handed the run's timeline and a mutation path
 * through the journal, so what it changes is recorded and undone like the
 * responder's; and it may end the observe phase early.
 */
import type { TimelineEvent } from '../timeline.js';
import type { RunEnding } from '../measure/verdict.js';
import type { Confirmation, Operation } from '../targets/operations.js';
import type { TargetEndpoints } from '../targets/port.js';

export interface ParticipantHooks {
  /** What the target exposes (ingress, scrape source, and on the simulator its control URL). */
  endpoints: TargetEndpoints;
  /** Records an event on the run's timeline. */
  emit: (e: TimelineEvent) => void;
  /** The timeline so far. */
  events: () => readonly TimelineEvent[];
  /** Performs an operation with its undo journaled first; undone when the run reverts. */
  mutate: (op: Operation) => Promise<Confirmation>;
}

export interface RunParticipant {
  /** Called once, after the target and the observers are up. */
  join(hooks: ParticipantHooks): void;
  /** Asked on every poll of the observe phase; an ending stops the run there. */
  ending(): RunEnding | null;
  /** Called when the run starts reverting: no more mutations from here on. */
  leave(): void;
}
