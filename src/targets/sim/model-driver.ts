/**
 * Moves the model along with the run's clock: every `tickMs` of clock time
 * the model advances to the matching model instant. The clock is injected,
 * so tests tick the model by advancing a VirtualClock.
 */
import type { Clock } from '../../clock.js';
import type { MeshModel } from './mesh-model.js';
import type { ModelTime } from './model-time.js';

export interface TickStats {
  ticks: number;
  /** Wall-clock duration of each of the last ticks (ms), for the bench. */
  recentMs: number[];
  /** When each of those ticks began (performance.now()), so the bench can tell what fell inside one. */
  recentStartedAt: number[];
}

const RECENT = 10_000;

export class ModelDriver {
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly stats: TickStats = { ticks: 0, recentMs: [], recentStartedAt: [] };

  constructor(
    private readonly model: Pick<MeshModel, 'now' | 'advance'>,
    private readonly time: ModelTime,
    private readonly clock: Clock,
    private readonly tickMs = 50,
    /** Called when a tick throws; the driver keeps going (a bad tick must not stop the mesh). */
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** Advances the model to the clock's present; a no-op when it is there already. */
  catchUp(): void {
    const target = this.time.toModel(this.clock.now());
    if (target <= this.model.now()) return;
    const started = performance.now();
    this.model.advance(target);
    const took = performance.now() - started;
    this.stats.ticks++;
    const { recentMs, recentStartedAt } = this.stats;
    recentMs.push(took);
    recentStartedAt.push(started);
    if (recentMs.length > RECENT) {
      recentMs.splice(0, recentMs.length - RECENT);
      recentStartedAt.splice(0, recentStartedAt.length - RECENT);
    }
  }

  start(): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = (async () => {
      while (!abort.signal.aborted) {
        try {
          await this.clock.sleep(this.tickMs, abort.signal);
        } catch {
          return;
        }
        try {
          this.catchUp();
        } catch (e) {
          this.onError(e);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    this.abort = null;
    await this.loop;
    this.loop = null;
  }

  tickStats(): TickStats {
    return { ticks: this.stats.ticks, recentMs: [...this.stats.recentMs], recentStartedAt: [...this.stats.recentStartedAt] };
  }
}
