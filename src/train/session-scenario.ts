/**
 * The scenario a training session runs: the drawn one, with its faults
 * moved to the drawn instant and its scripted responder taken out — the
 * trainee is the responder now; the script stays as the expert line. The
 * recovery deadline and the run's limits grow to leave the trainee time.
 */
import type { Scenario } from '../scenario/types.js';
import type { InjectWindow } from './draw.js';

export interface SessionTiming {
  /** Wall ms after steady state when the (first) fault goes in. */
  offsetMs: number;
  window: InjectWindow;
  /** Wall ms after injection before the session gives up waiting for recovery. */
  deadlineMs: number;
  /** Model seconds per wall second the target will run at. */
  timeScale: number;
}

export function sessionScenario(s: Scenario, t: SessionTiming): Scenario {
  const spec = s.spec;
  const first = Math.min(...spec.faults.map((f) => f.atMs));
  // Fault offsets are scenario time; the drawn instant is wall time.
  const faults = spec.faults.map((f) => ({ ...f, atMs: t.offsetMs * t.timeScale + (f.atMs - first) }));
  const spanMs = spec.steadyState.timeoutMs + t.window.toMs + t.deadlineMs + 60_000;
  return {
    ...s,
    spec: {
      ...spec,
      faults,
      load: { ...spec.load, durationMs: Math.max(spec.load.durationMs, spanMs) },
      recovery: { actions: [], deadlineMs: t.deadlineMs },
      // The trainee decides when the outage is bad enough: no automatic abort on error rate.
      abort: { windowMs: spec.abort.windowMs, maxRunTimeMs: Math.max(spec.abort.maxRunTimeMs, spanMs) },
    },
  };
}
