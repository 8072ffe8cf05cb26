/**
 * Time to recover (DEFINITIONS.ttr) from the incidents after one injection.
 * Recovery is judged only up to a horizon: the recovery deadline, the end of
 * the run, or the moment the harness itself reverted the faults — steady
 * state that returns because the harness cleaned up is not the team's
 * recovery.
 */
import type { RecoverySpec } from '../scenario/types.js';
import type { AlertFilter } from './alert-history.js';
import { DEFINITIONS } from './definitions.js';
import { figure, type Figure } from './figure.js';
import { analyseIncidents, type Incident, type OnsetCause } from './incidents.js';
import type { SecondVerdict, SteadyStateTracker } from './steady-state.js';

export type RecoveryStatus = 'recovered' | 'unrecovered' | 'no-impact' | 'not-injected';

export interface Recovery {
  status: RecoveryStatus;
  /** First incident's onset; null without impact. */
  onsetAt: number | null;
  onsetCauses: OnsetCause[];
  /** t_recovered of the first incident. */
  recoveredAt: number | null;
  ttr: Figure;
  /** Every incident in order; more than one means relapses. */
  incidents: Incident[];
  relapses: number;
  /** Set when the last incident (a relapse) did not recover by the horizon. */
  relapseUnrecovered: boolean;
  horizon: { at: number; why: 'deadline' | 'revert' | 'end' } | null;
  /** Judged seconds from t_inject's second to the horizon. */
  seconds: SecondVerdict[];
}

export interface RecoveryBounds {
  /** Last instant of the measured run. */
  end: number;
  /** When the harness began reverting (the `revert` phase), if it did. */
  revertAt: number | null;
}

export function analyseRecovery(
  tracker: SteadyStateTracker,
  expected: AlertFilter,
  tInject: number | null,
  spec: RecoverySpec,
  bounds: RecoveryBounds,
): Recovery {
  if (tInject === null) {
    return {
      status: 'not-injected',
      onsetAt: null,
      onsetCauses: [],
      recoveredAt: null,
      ttr: figure(null, 'ms', DEFINITIONS.ttr, 'no fault was injected'),
      incidents: [],
      relapses: 0,
      relapseUnrecovered: false,
      horizon: null,
      seconds: [],
    };
  }
  const horizon = horizonFor(tInject, spec, bounds);
  const { incidents, seconds } = analyseIncidents(tracker, expected, tInject, horizon.at);
  const first = incidents[0];
  const base = { incidents, relapses: Math.max(0, incidents.length - 1), horizon, seconds };
  if (!first) {
    return {
      ...base,
      status: 'no-impact',
      onsetAt: null,
      onsetCauses: [],
      recoveredAt: null,
      ttr: figure(0, 'ms', DEFINITIONS.ttr, 'no observable impact: the hypothesis held and no expected alert fired after injection'),
      relapseUnrecovered: false,
    };
  }
  const last = incidents[incidents.length - 1]!;
  if (first.recoveredAt === null) {
    return {
      ...base,
      status: 'unrecovered',
      onsetAt: first.onsetAt,
      onsetCauses: first.causes,
      recoveredAt: null,
      ttr: figure(null, 'ms', DEFINITIONS.ttr, unrecoveredReason(tInject, spec, horizon)),
      relapseUnrecovered: false,
    };
  }
  const relapseUnrecovered = incidents.length > 1 && last.recoveredAt === null;
  return {
    ...base,
    status: 'recovered',
    onsetAt: first.onsetAt,
    onsetCauses: first.causes,
    recoveredAt: first.recoveredAt,
    ttr: figure(
      first.recoveredAt - tInject,
      'ms',
      DEFINITIONS.ttr,
      relapseUnrecovered
        ? `relapsed ${last.onsetAt - tInject} ms after injection and did not recover again: ${unrecoveredReason(tInject, spec, horizon)}`
        : undefined,
    ),
    relapseUnrecovered,
  };
}

function horizonFor(tInject: number, spec: RecoverySpec, b: RecoveryBounds): { at: number; why: 'deadline' | 'revert' | 'end' } {
  const candidates: { at: number; why: 'deadline' | 'revert' | 'end' }[] = [
    { at: tInject + spec.deadlineMs, why: 'deadline' },
    { at: b.end, why: 'end' },
  ];
  if (b.revertAt !== null && b.revertAt > tInject) candidates.push({ at: b.revertAt, why: 'revert' });
  return candidates.reduce((a, c) => (c.at < a.at ? c : a));
}

function unrecoveredReason(tInject: number, spec: RecoverySpec, h: { at: number; why: 'deadline' | 'revert' | 'end' }): string {
  switch (h.why) {
    case 'deadline':
      return `not recovered within the recovery deadline (${spec.deadlineMs} ms after injection)`;
    case 'revert':
      return `not recovered before the harness reverted the faults (${h.at - tInject} ms after injection)`;
    case 'end':
      return `the run ended ${h.at - tInject} ms after injection, before recovery was confirmed`;
  }
}
