/**
 * A fault: written once against the Target port, so it runs on every target.
 * `plan` is pure (what would happen, for `gameday plan`); `inject` performs
 * the mutations through `ctx.mutate`, which journals each undo before the
 * mutation is sent; `revert` puts back what inject changed.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { FaultParams } from '../scenario/types.js';
import type { Confirmation, Operation } from '../targets/operations.js';
import type { MeshSnapshot } from '../targets/views.js';

export interface PlannedStep {
  /** Offset from injection at which the step happens (0 for the injection itself). */
  offsetMs: number;
  /** The operation, when the step is one fixed operation. */
  operation?: Operation;
  /** One line for people; for repeated activity (a churn storm) it says the rate and the kinds of event. */
  description: string;
}

export interface FaultContext {
  /** Name of this fault in the scenario. */
  fault: string;
  clock: Clock;
  log: Logger;
  /** Aborted when the fault is reverted or the run ends: background activity must stop on it. */
  signal: AbortSignal;
  /** Current state of the mesh (a read). */
  snapshot(): Promise<MeshSnapshot>;
  /** Journals the undo of `op` for this fault, then applies `op`; resolves when the target confirmed it. */
  mutate(op: Operation): Promise<Confirmation>;
  /** Applies this fault's journaled undos in reverse order (each once); resolves when all were confirmed. */
  undoAll(): Promise<void>;
}

export interface InjectResult {
  /** Confirmation of the first mutation: its `at` is the fault's t_inject. */
  first: Confirmation;
  /** Every operation performed during inject, described. */
  operations: string[];
  /**
   * Background activity that goes on after inject (a churn storm, a delayed registry restore);
   * it must settle once ctx.signal aborts.
   */
  background?: Promise<void>;
}

export interface Fault<P extends FaultParams = FaultParams> {
  readonly type: P['type'];
  /** One sentence: what this fault breaks. */
  readonly summary: string;
  /** Its operations need the nodes' container runtime or the registry (not the Kubernetes API): refused on existing clusters. */
  readonly nodeAccess?: true;
  plan(params: P, mesh: MeshSnapshot): PlannedStep[];
  inject(params: P, ctx: FaultContext): Promise<InjectResult>;
  revert(params: P, ctx: FaultContext): Promise<void>;
}
