/**
 * The run's one way of waiting for a condition: ask it on the run's clock
 * every `pollMs` until it answers, the deadline passes or the run stops.
 */
import type { Clock } from '../clock.js';

/** Polls `check` until it returns a value (resolves with it), the deadline passes or `signal` aborts (null). */
export async function waitUntil<T>(
  clock: Clock,
  signal: AbortSignal,
  pollMs: number,
  deadline: number,
  check: () => T | null,
): Promise<T | null> {
  for (;;) {
    const v = check();
    if (v !== null) return v;
    if (signal.aborted || clock.now() >= deadline) return null;
    try {
      await clock.sleep(Math.min(pollMs, Math.max(1, deadline - clock.now())), signal);
    } catch {
      return null;
    }
  }
}
