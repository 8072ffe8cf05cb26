/**
 * A FaultContext for tests: `mutate` journals the target's inverse in memory
 * before applying, `undoAll` replays the journal newest first, each undo once
 * — what the runner's Mutator does, without the file.
 */
import type { FaultContext } from '../../../../src/faults/fault.js';
import { silentLogger } from '../../../../src/log.js';
import type { Confirmation, Operation } from '../../../../src/targets/operations.js';
import type { MeshSnapshot } from '../../../../src/targets/views.js';
import type { ModelTarget } from './model-target.js';

export interface JournalLine {
  op: Operation;
  undo: Operation | null;
  at: number;
  undone: boolean;
}

export class TestContext implements FaultContext {
  readonly fault: string;
  readonly log = silentLogger();
  readonly journal: JournalLine[] = [];
  private readonly controller = new AbortController();

  constructor(
    private readonly target: ModelTarget,
    fault = 'test-fault',
  ) {
    this.fault = fault;
  }

  get clock(): ModelTarget['clock'] {
    return this.target.clock;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** What the runner does before calling revert. */
  stop(): void {
    this.controller.abort();
  }

  snapshot(): Promise<MeshSnapshot> {
    return this.target.snapshot();
  }

  async mutate(op: Operation): Promise<Confirmation> {
    const undo = await this.target.inverse(op);
    const line: JournalLine = { op, undo, at: this.clock.now(), undone: false };
    this.journal.push(line);
    return this.target.apply(op);
  }

  async undoAll(): Promise<void> {
    for (const line of [...this.journal].reverse()) {
      if (line.undone || !line.undo) continue;
      await this.target.apply(line.undo);
      line.undone = true;
    }
  }

  /** Operations applied so far, by name. */
  applied(name?: Operation['op']): Operation[] {
    return this.journal.map((l) => l.op).filter((o) => name === undefined || o.op === name);
  }
}
