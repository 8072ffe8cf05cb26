/**
 * The faults of one run, from injection to revert: each is injected at its
 * offset in scenario time, reverted after its duration, by the responder or
 * at the end of the run — once, whoever asks first — and whatever its own
 * revert leaves behind is replayed from the journal.
 */
import type { Logger } from 'pino';
import type { Clock, ScaledClock } from '../clock.js';
import { errorText } from '../errors.js';
import type { Fault, FaultContext } from '../faults/fault.js';
import type { FaultSpec } from '../scenario/types.js';
import type { Target } from '../targets/port.js';
import type { TimelineEvent } from '../timeline.js';
import type { Mutator } from './mutator.js';

export interface FaultRecord {
  name: string;
  type: string;
  injectedAt: number | null;
  revertedAt: number | null;
  operations: string[];
  revertOk: boolean;
}

interface ActiveFault {
  spec: FaultSpec;
  fault: Fault;
  controller: AbortController;
  ctx: FaultContext;
  record: FaultRecord;
  background?: Promise<void>;
  reverting?: Promise<void>;
}

export interface FaultLifecycleDeps {
  target: Target;
  mutator: Mutator;
  faultFor: (type: string) => Fault;
  emit: (e: TimelineEvent) => void;
  /** The run's clock (what is observed and judged); faults themselves act on scenario time. */
  clock: Clock;
  log: Logger;
  /** The run's signal: when it aborts, every fault's waits stop. */
  signal: AbortSignal;
}

export class FaultLifecycle {
  private readonly active: ActiveFault[] = [];

  constructor(private readonly deps: FaultLifecycleDeps) {}

  /**
   * Injects `faults` at their offsets from now on `story` (scenario time), in order; calls
   * `onFirst` with the first injection instant as soon as it is known. Resolves with that
   * instant once every fault is injected, null when there was none.
   */
  async injectAll(faults: readonly FaultSpec[], story: ScaledClock, onFirst: (at: number) => void): Promise<number | null> {
    const { emit, log, signal } = this.deps;
    const storyAtSteady = story.now();
    let first: number | null = null;
    for (const f of [...faults].sort((a, b) => a.atMs - b.atMs)) {
      await story.sleep(Math.max(0, storyAtSteady + f.atMs - story.now()), signal);
      const a = this.start(f, story);
      this.active.push(a);
      const res = await a.fault.inject(f.params, a.ctx);
      a.background = res.background;
      a.record.injectedAt = res.first.at;
      a.record.operations = res.operations;
      emit({ kind: 'fault.inject', at: res.first.at, fault: f.name, type: f.type, operations: res.operations });
      log.info({ event: 'fault.inject', fault: f.name, type: f.type }, res.operations.join('; '));
      if (first === null) {
        first = res.first.at;
        onFirst(first);
      }
      if (f.durationMs !== undefined) {
        void story
          .sleep(f.durationMs, signal)
          .then(() => this.revertOne(a))
          .catch(() => {});
      }
    }
    return first;
  }

  /** Reverts the injected fault called `name` (the responder's "revert fault"). */
  async revert(name: string): Promise<void> {
    const a = this.active.find((f) => f.spec.name === name);
    if (!a) throw new Error(`no injected fault named ${name}`);
    await this.revertOne(a);
  }

  /** Reverts every injected fault not yet reverted, and waits for those already reverting. */
  async revertAll(): Promise<void> {
    await Promise.all(this.active.map((a) => this.revertOne(a)));
  }

  /** Whether any fault was injected (or began to be). */
  injected(): boolean {
    return this.active.length > 0;
  }

  /** Whether every fault had been reverted by `t`. */
  allRevertedBy(t: number): boolean {
    return this.active.every((a) => a.record.revertedAt !== null && a.record.revertedAt <= t);
  }

  records(): FaultRecord[] {
    return this.active.map((a) => a.record);
  }

  private start(f: FaultSpec, story: ScaledClock): ActiveFault {
    const { target, mutator, log, signal } = this.deps;
    const controller = new AbortController();
    const record: FaultRecord = { name: f.name, type: f.type, injectedAt: null, revertedAt: null, operations: [], revertOk: true };
    const ctx: FaultContext = {
      fault: f.name,
      clock: story,
      log: log.child({ fault: f.name }),
      signal: AbortSignal.any([controller.signal, signal]),
      snapshot: () => target.snapshot(),
      mutate: (op) => mutator.mutate(f.name, op),
      undoAll: async () => {
        await mutator.undo(f.name);
      },
    };
    return { spec: f, fault: this.deps.faultFor(f.type), controller, ctx, record };
  }

  private revertOne(a: ActiveFault): Promise<void> {
    const { mutator, emit, clock, log } = this.deps;
    a.reverting ??= (async () => {
      a.controller.abort();
      await a.background?.catch(() => {});
      try {
        await a.fault.revert(a.spec.params, a.ctx);
      } catch (err) {
        log.error({ event: 'revert.error', fault: a.spec.name, error: errorText(err) }, 'fault revert failed; replaying its journal');
      }
      // Whatever the fault's own revert left (all of it, if it failed), the journal still knows: replay it.
      const rest = await mutator.undo(a.spec.name);
      a.record.revertOk = rest.failures.length === 0;
      a.record.revertedAt = clock.now();
      emit({ kind: 'fault.revert', at: a.record.revertedAt, fault: a.spec.name, operations: [], ok: a.record.revertOk });
      log.info({ event: 'revert.done', fault: a.spec.name, ok: a.record.revertOk }, `reverted ${a.spec.name}`);
    })();
    return a.reverting;
  }
}
