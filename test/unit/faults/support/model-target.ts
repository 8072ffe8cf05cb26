/**
 * A Target over the simulator's pure model, for fault tests under virtual
 * time: the model is brought up to the clock before every read or write, so
 * a fault's background timers act at exactly the model instant they are due.
 */
import { VirtualClock, type Clock } from '../../../../src/clock.js';
import type { Confirmation, Operation } from '../../../../src/targets/operations.js';
import type { SymptomRecord, Target, TargetEndpoints, TargetEvent } from '../../../../src/targets/port.js';
import { SimModel, type SimModelOptions } from '../../../../src/targets/sim/model/sim-model.js';
import type { MeshSnapshot } from '../../../../src/targets/views.js';

/** A VirtualClock whose `advance` also moves the model, in steps no longer than `stepMs`. */
export class ModelClock implements Clock {
  readonly virtual: VirtualClock;

  constructor(
    private readonly model: SimModel,
    start: number,
    private readonly stepMs = 100,
  ) {
    this.virtual = new VirtualClock(start);
  }

  now(): number {
    return this.virtual.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.virtual.sleep(ms, signal);
  }

  /** Moves time by `ms`; `each` runs after every step (to issue requests, sample state). */
  async advance(ms: number, each?: (now: number) => void): Promise<void> {
    const end = this.now() + ms;
    while (this.now() < end) {
      const step = Math.min(this.stepMs, end - this.now());
      await this.virtual.advance(step);
      this.sync();
      each?.(this.now());
    }
  }

  /** Brings the model up to the clock (never back). */
  sync(): void {
    if (this.model.now() < this.now()) this.model.advance(this.now());
  }
}

export class ModelTarget implements Target {
  readonly kind = 'sim' as const;
  readonly model: SimModel;
  readonly clock: ModelClock;

  constructor(opts: Partial<SimModelOptions> = {}) {
    const now = opts.now ?? Date.UTC(2026, 0, 1);
    this.model = new SimModel({ seed: 1, ...opts, now });
    this.clock = new ModelClock(this.model, now);
  }

  async up(): Promise<TargetEndpoints> {
    return { ingressUrl: 'http://127.0.0.1:0', scrape: { kind: 'static', jobs: [] }, timeScale: this.model.timeScale };
  }

  async down(): Promise<void> {}

  async inverse(op: Operation): Promise<Operation | null> {
    this.clock.sync();
    return this.model.inverse(op);
  }

  async apply(op: Operation): Promise<Confirmation> {
    this.clock.sync();
    const { summary } = this.model.apply(op);
    return { at: this.clock.now(), summary };
  }

  async snapshot(): Promise<MeshSnapshot> {
    this.clock.sync();
    return this.model.snapshot();
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    return this.model.onEvent(listener);
  }

  symptoms(): SymptomRecord[] {
    return this.model.symptoms();
  }
}
