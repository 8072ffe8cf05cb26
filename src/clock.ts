/**
 * Time is injected: everything that reads the time takes a Clock, so the
 * simulator model and the measurement engine run under a virtual clock in
 * unit tests and under the wall clock in real runs. Times are epoch
 * milliseconds throughout the project.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with an AbortError if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

export class WallClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that moves only when told to. `advance` wakes sleepers in due
 * order and lets their continuations run before moving on, so code written
 * against Clock behaves as it would in real time, only instantly.
 */
export class VirtualClock implements Clock {
  private t: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError());
      };
      const sleeper: Sleeper = {
        due: this.t + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flushMicrotasks();
      this.sleepers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.sleepers[0];
      if (!next || next.due > end) break;
      this.sleepers.shift();
      this.t = next.due;
      next.resolve();
    }
    this.t = end;
    await flushMicrotasks();
  }

  /** Sets the time directly (only forward); does not wake sleepers. */
  set(t: number): void {
    if (t < this.t) throw new Error(`VirtualClock cannot go back from ${this.t} to ${t}`);
    this.t = t;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * Scenario time under a time scale: `sleep(ms)` waits ms ÷ scale of the
 * inner clock, and `now()` advances `scale` ms per inner ms from the moment
 * it was made. Faults and the responder schedule on it, so "restart after
 * 8m" in a scenario run at 60× is T+8 of the story, not of the wall; what is
 * observed (Prometheus, the load engine) and the timeline stay on the inner clock.
 */
export class ScaledClock implements Clock {
  private readonly origin: number;

  constructor(
    private readonly inner: Clock,
    readonly scale: number,
  ) {
    if (!(scale > 0)) throw new Error(`time scale must be positive, not ${scale}`);
    this.origin = inner.now();
  }

  now(): number {
    return this.origin + (this.inner.now() - this.origin) * this.scale;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.inner.sleep(ms / this.scale, signal);
  }

  /** An instant of this clock, on the inner clock. */
  toInner(t: number): number {
    return this.origin + (t - this.origin) / this.scale;
  }
}
