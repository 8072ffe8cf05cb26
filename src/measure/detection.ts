/**
 * Time to detect and detection gaps (DEFINITIONS.ttd). Detection is a
 * firing transition of an expected alert at or after t_inject: an alert that
 * was already firing when the fault went in proves nothing about the fault.
 * When Prometheus could not be asked, absence of an alert is unknown, never
 * "no alert".
 */
import type { DetectionSpec } from '../scenario/types.js';
import { alertsNamed, type AlertHistory, type AlertInterval } from './alert-history.js';
import { DEFINITIONS } from './definitions.js';
import { figure, type Figure } from './figure.js';
import type { TimelineEvent } from '../timeline.js';

export type DetectionStatus = 'detected' | 'gap' | 'unavailable' | 'no-impact' | 'not-injected';

export type UnavailableSpan = Extract<TimelineEvent, { kind: 'detection.unavailable' }>;

export interface AlertRef {
  alert: string;
  labels: Record<string, string>;
  at: number;
}

export interface Detection {
  status: DetectionStatus;
  tInject: number | null;
  /** t_inject + detection.deadline. */
  deadlineAt: number | null;
  detectedAt: number | null;
  detectedBy: AlertRef | null;
  ttd: Figure;
  /** TTD is an upper bound: detection was unknown for part of [t_inject, detectedAt). */
  upperBound: boolean;
  expected: string[];
  /** Expected alerts with no firing transition in [t_inject, deadline]. */
  expectedNeverFired: string[];
  /** Alerts not in detection.expect that started firing in [t_inject, deadline]. */
  firedUnexpected: string[];
  /** Expected alerts firing at t_inject from before it: not detections. */
  firingBeforeInjection: string[];
  /** First expected firing after the deadline, if any (a gap that was eventually noticed). */
  lateFiring: AlertRef | null;
  /** Spans of unknown detection that overlap [t_inject, deadline]. */
  unavailable: { at: number; until: number; reason: string }[];
}

export interface DetectionInput {
  alerts: AlertHistory;
  unavailable: readonly UnavailableSpan[];
  spec: DetectionSpec;
  tInject: number | null;
  /** Last instant anything was observed. */
  observedUntil: number;
  /** Whether an incident began after t_inject (see incidents.ts). */
  impact: boolean;
}

export function analyseDetection(input: DetectionInput): Detection {
  const { alerts, spec, tInject } = input;
  const expected = [...spec.expect];
  if (tInject === null) {
    return {
      ...emptyLists(expected),
      status: 'not-injected',
      tInject: null,
      deadlineAt: null,
      detectedAt: null,
      detectedBy: null,
      ttd: figure(null, 'ms', DEFINITIONS.ttd, 'no fault was injected'),
      upperBound: false,
      lateFiring: null,
      unavailable: [],
    };
  }
  const isExpected = alertsNamed(expected);
  const deadlineAt = tInject + spec.deadlineMs;
  const firings = alerts.firingsBetween(() => true, tInject, deadlineAt);
  const first = firings.find((f) => isExpected(f.alert)) ?? null;
  const late = first ? null : (alerts.firingsBetween(isExpected, deadlineAt + 1, Number.POSITIVE_INFINITY)[0] ?? null);
  const firedExpected = new Set(firings.filter((f) => isExpected(f.alert)).map((f) => f.alert));
  const unavailable = input.unavailable
    .filter((u) => u.at <= Math.min(deadlineAt, input.observedUntil) && u.until >= tInject)
    .map((u) => ({ at: u.at, until: u.until, reason: u.reason }));
  const base = {
    tInject,
    deadlineAt,
    expected,
    expectedNeverFired: expected.filter((a) => !firedExpected.has(a)),
    firedUnexpected: unique(firings.filter((f) => !isExpected(f.alert)).map((f) => f.alert)),
    firingBeforeInjection: unique(
      alerts
        .firing(isExpected)
        .filter((f) => f.from < tInject && (f.to === null || f.to > tInject))
        .map((f) => f.alert),
    ),
    lateFiring: late ? ref(late) : null,
    unavailable,
  };
  if (first) {
    const upperBound = unavailable.some((u) => u.at < first.from);
    const ttd = first.from - tInject;
    return {
      ...base,
      status: 'detected',
      detectedAt: first.from,
      detectedBy: ref(first),
      ttd: figure(
        ttd,
        'ms',
        DEFINITIONS.ttd,
        upperBound ? 'upper bound: detection was unknown for part of the time before this firing' : undefined,
      ),
      upperBound,
    };
  }
  const none = { detectedAt: null, detectedBy: null, upperBound: false };
  if (unavailable.length > 0) {
    return {
      ...base,
      ...none,
      status: 'unavailable',
      ttd: figure(null, 'ms', DEFINITIONS.ttd, `detection unknown: ${unavailable.map((u) => u.reason).join('; ')}`),
    };
  }
  if (!input.impact) {
    return { ...base, ...none, status: 'no-impact', ttd: figure(null, 'ms', DEFINITIONS.ttd, 'no observable impact: nothing to detect') };
  }
  const why = late
    ? `detection gap: no expected alert fired within ${spec.deadlineMs} ms of injection (${late.alert} fired ${late.from - tInject} ms after injection)`
    : `detection gap: no expected alert fired within ${spec.deadlineMs} ms of injection`;
  return { ...base, ...none, status: 'gap', ttd: figure(null, 'ms', DEFINITIONS.ttd, why) };
}

function emptyLists(expected: string[]): Pick<Detection, 'expected' | 'expectedNeverFired' | 'firedUnexpected' | 'firingBeforeInjection'> {
  return { expected, expectedNeverFired: [...expected], firedUnexpected: [], firingBeforeInjection: [] };
}

function ref(i: AlertInterval): AlertRef {
  return { alert: i.alert, labels: { ...i.labels }, at: i.from };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
