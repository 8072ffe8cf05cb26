/**
 * What the observe loop does next, decided from the judge's answers and
 * the clock alone: keep watching, or end the run and say how. Pure, so
 * every way a run can end is one function a test can call.
 */
import type { RunEnding } from '../measure/verdict.js';
import type { Scenario } from '../scenario/types.js';
import type { TimelineEvent } from '../timeline.js';
import type { Judge } from './judge.js';

export interface ObserveInput {
  spec: Scenario['spec'];
  judge: Judge;
  events: readonly TimelineEvent[];
  now: number;
  startedAt: number;
  /** Instant of the first injection. */
  tInject: number;
  /** The scripted responder has nothing scheduled or running. */
  responderSettled: boolean;
}

export type ObserveNext =
  | { kind: 'watch' }
  /** `abort`: an abort condition ended it (recorded on the timeline); `recoveredAt`: start of the confirming window. */
  | { kind: 'end'; end: RunEnding; abort: boolean; recoveredAt: number | null };

export function observeStep(q: ObserveInput): ObserveNext {
  const { spec, judge, events, now, tInject } = q;
  const stop = (end: RunEnding, abort = false, recoveredAt: number | null = null): ObserveNext => ({
    kind: 'end',
    end,
    abort,
    recoveredAt,
  });
  const limit = spec.abort.maxErrorRate;
  if (limit !== undefined) {
    const rate = judge.errorRate(events, now, spec.abort.windowMs);
    if (rate !== null && rate > limit && now - tInject >= spec.abort.windowMs) {
      const reason = `error rate ${(rate * 100).toFixed(1)}% over ${spec.abort.windowMs} ms exceeded the abort limit ${(limit * 100).toFixed(1)}%`;
      return stop({ kind: 'aborted', reason }, true);
    }
  }
  if (now >= q.startedAt + spec.abort.maxRunTimeMs)
    return stop({ kind: 'aborted', reason: `maximum run time ${spec.abort.maxRunTimeMs} ms reached` }, true);
  const recovered = judge.recoveredAt(events, tInject, now);
  // A fault that never hurt anyone: nothing to recover from once detection had its chance.
  const noImpact = !judge.impactSeen(events, tInject, now) && now >= tInject + spec.detection.deadlineMs;
  // Detection gets its whole chance before a recovery ends the run: a blip that cleared (one slow
  // second on a busy machine) must not end a run whose real fault the alerts have yet to see.
  const detectionPending = judge.detectedAt(events, tInject) === null && now < tInject + spec.detection.deadlineMs;
  // While the cluster cannot be read, "nothing is wrong" is unknown, never a recovery.
  const observable = judge.observable(events, now);
  if ((recovered !== null || noImpact) && q.responderSettled && !detectionPending && observable)
    return stop({ kind: 'recovered' }, false, recovered);
  if (now >= tInject + spec.recovery.deadlineMs) {
    return stop({
      kind: 'unrecovered',
      reason: `steady state did not return within the recovery deadline (${spec.recovery.deadlineMs} ms after injection)`,
    });
  }
  return { kind: 'watch' };
}
