/**
 * Takes a sample every `periodMs` on a timer (and one at start), handing each
 * the instant and the one before it, and keeps the longest gap between two:
 * a busy machine stretches the period, and that gap is how late any answer
 * read from the samples can be. The benches' ground truths sample the
 * simulator's own counts this way.
 */
import type { Clock } from '../src/clock.js';

export abstract class PeriodicSampler {
  private timer: NodeJS.Timeout | undefined;
  private lastAt: number | undefined;
  private maxGap = 0;
  private count = 0;

  constructor(
    private readonly clock: Clock,
    /** The timer may stretch it on a busy machine, which `maxGapMs` reports. */
    private readonly periodMs: number,
  ) {}

  /** One sample at `at`; `previousAt` is the last sample's instant (undefined for the first). */
  protected abstract take(at: number, previousAt: number | undefined): void;

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one sample now: the timer calls it, and tests on a virtual clock. */
  sample(): void {
    const at = this.clock.now();
    this.take(at, this.lastAt);
    if (this.lastAt !== undefined) this.maxGap = Math.max(this.maxGap, at - this.lastAt);
    this.lastAt = at;
    this.count++;
  }

  /** The longest gap between two samples so far (ms): the worst resolution of any answer. */
  get maxGapMs(): number {
    return this.maxGap;
  }

  get sampleCount(): number {
    return this.count;
  }
}
