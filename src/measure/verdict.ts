/**
 * One word for the run, and the sentence behind it. Order matters: a run
 * that errored or was aborted says so before any objective; an objective
 * that could not be judged is a harness problem (error), not a finding.
 */
import type { Detection } from './detection.js';
import type { ObjectiveResult } from './objectives.js';
import type { Recovery } from './recovery.js';

export type Verdict = 'met' | 'missed' | 'not-steady' | 'aborted' | 'error';

/** How the run ended, as the runner saw it (same shape as the runner's RunEnd). */
export type RunEnding =
  | { kind: 'recovered' }
  | { kind: 'unrecovered'; reason: string }
  | { kind: 'not-steady'; reason: string }
  | { kind: 'aborted'; reason: string }
  | { kind: 'interrupted' }
  | { kind: 'error'; error: string };

export interface VerdictInput {
  ending?: RunEnding;
  /** Reason of the first `abort` event, if any. */
  abortReason: string | null;
  injected: boolean;
  steadyReached: boolean;
  detection: Detection;
  recovery: Recovery;
  objectives: ObjectiveResult[];
}

export function decideVerdict(v: VerdictInput): { verdict: Verdict; reason: string } {
  const e = v.ending;
  if (e?.kind === 'error') return { verdict: 'error', reason: e.error };
  if (e?.kind === 'interrupted') return { verdict: 'aborted', reason: 'interrupted' };
  if (e?.kind === 'aborted') return { verdict: 'aborted', reason: e.reason };
  if (v.abortReason !== null) return { verdict: 'aborted', reason: v.abortReason };
  if (e?.kind === 'not-steady') return { verdict: 'not-steady', reason: e.reason };
  if (!v.injected) {
    return {
      verdict: 'not-steady',
      reason: v.steadyReached ? 'no fault was injected' : 'the steady-state hypothesis never held for its window; no fault was injected',
    };
  }
  const unknown = v.objectives.filter((o) => o.status === 'unknown');
  if (unknown.length > 0)
    return { verdict: 'error', reason: `could not judge: ${unknown.map((o) => `${o.name} (${o.reason})`).join('; ')}` };
  if (v.detection.status === 'unavailable') return { verdict: 'error', reason: v.detection.ttd.reason ?? 'detection unknown' };
  const missed: string[] = v.objectives.filter((o) => o.status === 'missed').map((o) => `${o.name}: ${o.reason}`);
  if (v.detection.status === 'gap') missed.push(v.detection.ttd.reason ?? 'detection gap');
  if (v.recovery.ttr.value === null || v.recovery.relapseUnrecovered) missed.push(v.recovery.ttr.reason ?? 'not recovered');
  if (missed.length > 0) return { verdict: 'missed', reason: unique(missed).join('; ') };
  if (v.recovery.status === 'no-impact') return { verdict: 'met', reason: 'no observable impact; every objective met' };
  return { verdict: 'met', reason: v.objectives.length > 0 ? 'all objectives met' : 'detected and recovered' };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
