/**
 * The hidden choice of a training session: which scenario of the pool, and
 * when in the window its fault goes in. Seeded, so an instructor who gives
 * the same seed and pool replays the same session.
 */
import { UsageError } from '../errors.js';
import { parseDuration } from '../scenario/durations.js';

export interface InjectWindow {
  fromMs: number;
  toMs: number;
}

export interface Draw {
  /** Index into the pool, sorted by scenario name. */
  index: number;
  /** Wall ms after steady state at which the fault goes in. */
  offsetMs: number;
}

/** `2m..10m` → { fromMs: 120000, toMs: 600000 }. */
export function parseWindow(text: string): InjectWindow {
  const m = /^\s*([^.]+)\.\.([^.]+)\s*$/.exec(text);
  const from = m ? parseDuration(m[1]!.trim()) : null;
  const to = m ? parseDuration(m[2]!.trim()) : null;
  if (!from?.ok || !to?.ok) throw new UsageError(`--window ${text}: expected two durations like 2m..10m`);
  if (to.value < from.value) throw new UsageError(`--window ${text}: the end comes before the start`);
  return { fromMs: from.value, toMs: to.value };
}

/** splitmix32: small and seedable; two draws from one seed never correlate the way a bare LCG's would. */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

export function drawSession(poolSize: number, seed: number, window: InjectWindow): Draw {
  if (poolSize < 1) throw new UsageError('the pool has no scenario to draw from');
  const next = stream(seed);
  const index = Math.floor(next() * poolSize);
  const offsetMs = Math.round(window.fromMs + next() * (window.toMs - window.fromMs));
  return { index, offsetMs };
}
