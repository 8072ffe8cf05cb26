/**
 * The measurement engine's entry point: a run's timeline in, every figure
 * out. Pure — no clock, no I/O — so the same timeline always measures the
 * same, whether live, in a unit test or re-read by `gameday report`.
 */
import type { DetectionSpec, ObjectivesSpec, RecoverySpec, SteadyStateSpec } from '../scenario/types.js';
import { alertsNamed } from './alert-history.js';
import { summariseAlerts, type AlertSummary } from './alert-summary.js';
import { DEFINITIONS } from './definitions.js';
import { analyseDetection, type Detection, type UnavailableSpan } from './detection.js';
import { ttdBreakdown, type TtdBreakdown } from './ttd-breakdown.js';
import { figure, type Figure } from './figure.js';
import { measureImpact, type Impact } from './impact.js';
import { judgeObjectives, type ObjectiveResult } from './objectives.js';
import { analyseRecovery, type Recovery } from './recovery.js';
import { blindAsUnavailable, observerGaps, type ObserverGap } from './observer-gaps.js';
import { secondOf } from './seconds.js';
import { evaluateTracked, firstClearWindow, SteadyStateTracker } from './steady-state.js';
import type { TimelineEvent } from '../timeline.js';
import { decideVerdict, type RunEnding, type Verdict } from './verdict.js';

export interface MeasureSpec {
  steadyState: SteadyStateSpec;
  detection: DetectionSpec;
  recovery: RecoverySpec;
  objectives: ObjectivesSpec;
}

export interface MeasureOptions {
  /** Alert names that count against "no firing alerts" (the loaded rule pack); absent: every alert. */
  steadyAlerts?: readonly string[];
  /** End of the measured run; default: the latest instant in the timeline. */
  end?: number;
  /** How the runner saw the run end. */
  ending?: RunEnding;
}

export type ActionEvent = Extract<TimelineEvent, { kind: 'action' }>;
type InjectEvent = Extract<TimelineEvent, { kind: 'fault.inject' }>;

export interface FaultMeasurement {
  name: string;
  type: string;
  tInject: number;
  operations: string[];
  revertedAt: number | null;
  /** null: no revert was recorded. */
  revertOk: boolean | null;
  detection: Detection;
  recovery: Omit<Recovery, 'seconds'>;
  ttd: Figure;
  ttr: Figure;
}

export interface Measurements {
  tInject: number | null;
  end: number;
  steadyState: {
    /** The hypothesis held for its full window before injection (or anywhere, if nothing was injected). */
    reached: boolean;
    /** Start of that first window. */
    reachedAt: number | null;
    dataGaps: Figure;
  };
  ttd: Figure;
  /** TTD taken apart (fault → symptom → condition → for → notification); null without a detection. */
  ttdBreakdown: TtdBreakdown | null;
  ttm: Figure;
  ttr: Figure;
  detection: Detection;
  recovery: Omit<Recovery, 'seconds'>;
  mitigation: { first: ActionEvent | null; actions: ActionEvent[] };
  impact: Impact;
  alerts: AlertSummary[];
  faults: FaultMeasurement[];
  objectives: ObjectiveResult[];
  verdict: Verdict;
  verdictReason: string;
  warnings: string[];
  /** Spans the run could not see through (the API server, the harness' Prometheus), with start and end. */
  observerGaps: ObserverGap[];
}

export function measure(timeline: readonly TimelineEvent[], spec: MeasureSpec, opts: MeasureOptions = {}): Measurements {
  const tracker = new SteadyStateTracker({ spec: spec.steadyState, alerts: opts.steadyAlerts });
  for (const e of timeline) tracker.push(e);
  const end = opts.end ?? latestInstant(timeline);
  const injects = timeline.filter((e): e is InjectEvent => e.kind === 'fault.inject').sort((a, b) => a.at - b.at);
  const tInject = injects[0]?.at ?? null;
  const revertAt = timeline.find((e) => e.kind === 'phase' && e.phase === 'revert' && (tInject === null || e.at > tInject))?.at ?? null;
  const blind = tracker.blindSpans();
  const unavailable = [
    ...timeline.filter((e): e is UnavailableSpan => e.kind === 'detection.unavailable'),
    ...blindAsUnavailable(blind, end),
  ];
  const expected = alertsNamed(spec.detection.expect);

  const judgeFrom = (t: number | null): { detection: Detection; recovery: Recovery } => {
    const recovery = analyseRecovery(tracker, expected, t, spec.recovery, { end, revertAt });
    const detection = analyseDetection({
      alerts: tracker.alerts,
      unavailable,
      spec: spec.detection,
      tInject: t,
      observedUntil: end,
      impact: recovery.incidents.length > 0,
    });
    return { detection, recovery };
  };
  const { detection, recovery } = judgeFrom(tInject);
  const ttdParts = ttdBreakdown(timeline, detection);

  const whole = evaluateTracked(tracker, end);
  const before = tInject === null ? whole.seconds : whole.seconds.filter((v) => v.at + 1000 <= tInject);
  const reachedAt = firstClearWindow(before, spec.steadyState.windowMs, (v) => v.holds);

  const actions = timeline
    .filter((e): e is ActionEvent => e.kind === 'action' && e.by !== 'harness' && tInject !== null && e.at >= tInject)
    .sort((a, b) => a.at - b.at);
  const firstAction = actions.find((a) => a.ok) ?? null;
  const ttm =
    tInject === null
      ? figure(null, 'ms', DEFINITIONS.ttm, 'no fault was injected')
      : firstAction
        ? figure(firstAction.at - tInject, 'ms', DEFINITIONS.ttm)
        : figure(null, 'ms', DEFINITIONS.ttm, actions.length > 0 ? 'every mitigation action failed' : 'no mitigation action was taken');

  const impact = measureImpact(tracker.sliSeconds(), impactWindow(tInject, recovery, end), spec.objectives.slo);
  const faults = injects.map((inj): FaultMeasurement => {
    const own = inj.at === tInject ? { detection, recovery } : judgeFrom(inj.at);
    const rev = timeline.find(
      (e): e is Extract<TimelineEvent, { kind: 'fault.revert' }> => e.kind === 'fault.revert' && e.fault === inj.fault,
    );
    return {
      name: inj.fault,
      type: inj.type,
      tInject: inj.at,
      operations: [...inj.operations],
      revertedAt: rev?.at ?? null,
      revertOk: rev ? rev.ok : null,
      detection: own.detection,
      recovery: withoutSeconds(own.recovery),
      ttd: own.detection.ttd,
      ttr: own.recovery.ttr,
    };
  });
  const objectives = judgeObjectives(spec.objectives, detection, recovery, impact);
  const abort = timeline.find((e): e is Extract<TimelineEvent, { kind: 'abort' }> => e.kind === 'abort');
  const { verdict, reason } = decideVerdict({
    ending: opts.ending,
    abortReason: abort?.reason ?? null,
    injected: tInject !== null,
    steadyReached: reachedAt !== null,
    detection,
    recovery,
    objectives,
  });
  const alerts = summariseAlerts(tracker.alerts, spec.detection.expect);
  return {
    tInject,
    end,
    steadyState: {
      reached: reachedAt !== null,
      reachedAt,
      dataGaps: figure(whole.dataGaps, 'seconds', DEFINITIONS.dataGaps),
    },
    ttd: detection.ttd,
    ttdBreakdown: ttdParts,
    ttm,
    ttr: recovery.ttr,
    detection,
    recovery: withoutSeconds(recovery),
    mitigation: { first: firstAction, actions },
    impact,
    alerts,
    faults,
    objectives,
    verdict,
    verdictReason: reason,
    warnings: [...warningsFor(tInject, reachedAt, whole.dataGaps, detection, recovery, alerts), ...blindWarnings(blind, end)],
    observerGaps: observerGaps(timeline, blind, end),
  };
}

/** From the second containing t_inject to the last recovery, or to the end if the last incident did not recover. */
function impactWindow(tInject: number | null, r: Recovery, end: number): { from: number; to: number } | null {
  if (tInject === null) return null;
  const from = secondOf(tInject);
  const last = r.incidents[r.incidents.length - 1];
  if (!last) return { from, to: from };
  return { from, to: last.recoveredAt ?? end };
}

function withoutSeconds(r: Recovery): Omit<Recovery, 'seconds'> {
  const { seconds: _seconds, ...rest } = r;
  return rest;
}

function latestInstant(timeline: readonly TimelineEvent[]): number {
  let t = Number.NEGATIVE_INFINITY;
  for (const e of timeline) {
    // An SLI event stands for the whole second it starts.
    const at = e.kind === 'sli' ? e.at + 1000 : e.kind === 'detection.unavailable' ? Math.max(e.at, e.until) : e.at;
    if (at > t) t = at;
  }
  return Number.isFinite(t) ? t : 0;
}

function blindWarnings(blind: readonly { from: number; to: number | null }[], end: number): string[] {
  return blind.map((b) => {
    const to = b.to ?? end;
    return `the API server was unreachable for ${((to - b.from) / 1000).toFixed(1)} s (${new Date(b.from).toISOString()} to ${new Date(to).toISOString()}): the mesh was not observed then, and no recovery was judged in that span`;
  });
}

function warningsFor(
  tInject: number | null,
  reachedAt: number | null,
  gaps: number,
  d: Detection,
  r: Recovery,
  alerts: AlertSummary[],
): string[] {
  const w: string[] = [];
  if (tInject !== null && reachedAt === null) w.push('the steady-state hypothesis never held for its full window before injection');
  if (gaps > 0) w.push(`${gaps} second(s) without SLI data: the hypothesis could not be confirmed for them`);
  if (r.status === 'no-impact') w.push('no observable impact: the hypothesis held and no expected alert fired after injection');
  for (const a of d.firingBeforeInjection) w.push(`${a} was already firing before injection: not counted as detection`);
  if (d.upperBound) w.push('detection was unknown for part of the time before the first expected firing: TTD is an upper bound');
  if (r.relapses > 0) w.push(`relapsed ${r.relapses} time(s) after recovery`);
  for (const a of alerts) if (a.flaps > 0) w.push(`${a.alert} flapped ${a.flaps} time(s)`);
  return w;
}
