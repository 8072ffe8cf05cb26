/**
 * Polls a probe until it says yes. Readiness is always asked of the real
 * thing (a health endpoint, a file); the interval only paces the asking.
 */
import { setTimeout as delay } from 'node:timers/promises';

export type Probe = () => Promise<boolean>;

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops polling early, e.g. when the process being probed has exited. */
  signal?: AbortSignal;
}

/** Resolves true once `probe` returns true, false on timeout or abort. A throwing probe counts as "not yet". */
export async function pollUntil(probe: Probe, opts: PollOptions): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 50;
  while (!opts.signal?.aborted) {
    if (await probe().catch(() => false)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await delay(Math.min(interval, left), undefined, { signal: opts.signal }).catch(() => undefined);
  }
  return false;
}

/** A probe that is true when `url` answers 2xx within one second (and, given `accept`, its JSON body passes it). */
export function httpProbe(url: string, accept?: (body: unknown) => boolean): Probe {
  return async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    if (!res.ok || !accept) {
      await res.body?.cancel();
      return res.ok;
    }
    return accept(await res.json());
  };
}

/** A probe that is true when each of `probes`, asked in turn, is. */
export function allOf(...probes: Probe[]): Probe {
  return async () => {
    for (const p of probes) if (!(await p())) return false;
    return true;
  };
}
