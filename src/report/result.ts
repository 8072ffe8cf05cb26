/**
 * result.json: everything a run found, in one versioned document. It is
 * what `gameday report` re-renders from and what CI and the aggregate read,
 * so every figure carries its unit and definition and every time is both an
 * ISO string (people) and epoch ms (arithmetic).
 */
import type { ExitCode } from '../errors.js';
import type { ObserverGap } from '../measure/observer-gaps.js';
import type { AlertSummary } from '../measure/alert-summary.js';
import type { Detection } from '../measure/detection.js';
import type { TtdBreakdown } from '../measure/ttd-breakdown.js';
import type { ReferenceComparison } from '../measure/reference.js';
import type { Figure } from '../measure/figure.js';
import type { Incident } from '../measure/incidents.js';
import type { Measurements } from '../measure/measure.js';
import type { ObjectiveResult } from '../measure/objectives.js';
import type { Verdict } from '../measure/verdict.js';
import type { TargetKind } from '../targets/port.js';
import type { TrainingResult } from './training-result.js';

export const RESULT_SCHEMA_VERSION = 'gameday.istio.io/result/v1';

export type MeasurementName =
  | 'ttd'
  | 'ttm'
  | 'ttr'
  | 'dataGaps'
  | 'failedRequests'
  | 'requestsInRun'
  | 'errorBudgetBurned'
  | 'p99WorstMs'
  | 'p99MedianMs'
  | 'blastRadius';

export interface FaultResult {
  name: string;
  type: string;
  tInject: string;
  tInjectMs: number;
  operations: string[];
  revertedAt: string | null;
  /** null: no revert was recorded for this fault. */
  revertOk: boolean | null;
  ttd: Figure;
  ttr: Figure;
  detectedBy: string | null;
}

export interface RevertsResult {
  ok: boolean;
  reverted: string[];
  failures: { operation: string; error: string }[];
  /** Steady state re-checked after everything was reverted; null when not checked. */
  steadyAfterRevert: boolean | null;
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  scenario: { name: string; file: string };
  target: { kind: TargetKind; context?: string };
  timeScale: number;
  startedAt: string;
  endedAt: string;
  startedAtMs: number;
  endedAtMs: number;
  tInject: string | null;
  tInjectMs: number | null;
  verdict: Verdict;
  verdictReason: string;
  exitCode: ExitCode;
  measurements: Record<MeasurementName, Figure>;
  steadyState: { reached: boolean; reachedAt: string | null };
  objectives: ObjectiveResult[];
  faults: FaultResult[];
  detection: Omit<Detection, 'ttd'> & { breakdown: TtdBreakdown | null };
  recovery: {
    status: Measurements['recovery']['status'];
    onsetAtMs: number | null;
    recoveredAtMs: number | null;
    incidents: Incident[];
    relapses: number;
    horizon: Measurements['recovery']['horizon'];
  };
  mitigation: { actions: { at: number; by: string; action: string; ok: boolean; error?: string }[] };
  impact: { windowMs: { from: number; to: number } | null; namespaces: string[]; impactedNamespaces: string[] };
  alerts: AlertSummary[];
  reverts: RevertsResult;
  /** The scenario's reference timeline beside the measured one; null without one. */
  reference: ReferenceComparison | null;
  versions: Record<string, string>;
  warnings: string[];
  errors: string[];
  /** Spans the run could not see through: the API server unreachable, the harness' Prometheus down (and restarted). */
  observerGaps: ObserverGap[];
  /** Present for a `gameday train` session: the trainee's record and score. */
  training?: TrainingResult;
}

export interface RunResultInput {
  scenario: { name: string; file: string };
  target: TargetKind;
  context?: string;
  timeScale: number;
  startedAt: number;
  endedAt: number;
  measurements: Measurements;
  reverts: { reverted: string[]; failures: { operation: string; error: string }[] };
  steadyAfterRevert?: boolean | null;
  reference?: ReferenceComparison | null;
  versions?: Record<string, string>;
  warnings?: string[];
  errors?: string[];
}

/**
 * 0 met; 1 a finding (objectives missed, not steady, aborted by a safety
 * condition); 3 the harness could not measure or could not put the mesh
 * back — a failed revert outranks any verdict.
 */
export function exitCodeForResult(verdict: Verdict, revertsOk: boolean): ExitCode {
  if (!revertsOk || verdict === 'error') return 3;
  return verdict === 'met' ? 0 : 1;
}

const iso = (t: number): string => new Date(t).toISOString();

export function buildRunResult(input: RunResultInput): RunResult {
  const m = input.measurements;
  const revertsOk = input.reverts.failures.length === 0 && m.faults.every((f) => f.revertOk !== false);
  const warnings = [...m.warnings, ...(input.warnings ?? [])];
  if (input.steadyAfterRevert === false) warnings.push('steady state did not return after revert: the mesh may still be broken');
  const { ttd: _ttd, ...detection } = m.detection;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scenario: { ...input.scenario },
    target: input.context === undefined ? { kind: input.target } : { kind: input.target, context: input.context },
    timeScale: input.timeScale,
    startedAt: iso(input.startedAt),
    endedAt: iso(input.endedAt),
    startedAtMs: input.startedAt,
    endedAtMs: input.endedAt,
    tInject: m.tInject === null ? null : iso(m.tInject),
    tInjectMs: m.tInject,
    verdict: m.verdict,
    verdictReason: m.verdictReason,
    exitCode: exitCodeForResult(m.verdict, revertsOk),
    measurements: {
      ttd: m.ttd,
      ttm: m.ttm,
      ttr: m.ttr,
      dataGaps: m.steadyState.dataGaps,
      failedRequests: m.impact.failedRequests,
      requestsInRun: m.impact.requestsInRun,
      errorBudgetBurned: m.impact.errorBudgetBurned,
      p99WorstMs: m.impact.p99WorstMs,
      p99MedianMs: m.impact.p99MedianMs,
      blastRadius: m.impact.blastRadius,
    },
    steadyState: { reached: m.steadyState.reached, reachedAt: m.steadyState.reachedAt === null ? null : iso(m.steadyState.reachedAt) },
    objectives: m.objectives,
    faults: m.faults.map((f) => ({
      name: f.name,
      type: f.type,
      tInject: iso(f.tInject),
      tInjectMs: f.tInject,
      operations: f.operations,
      revertedAt: f.revertedAt === null ? null : iso(f.revertedAt),
      revertOk: f.revertOk,
      ttd: f.ttd,
      ttr: f.ttr,
      detectedBy: f.detection.detectedBy?.alert ?? null,
    })),
    detection: { ...detection, breakdown: m.ttdBreakdown },
    recovery: {
      status: m.recovery.status,
      onsetAtMs: m.recovery.onsetAt,
      recoveredAtMs: m.recovery.recoveredAt,
      incidents: m.recovery.incidents,
      relapses: m.recovery.relapses,
      horizon: m.recovery.horizon,
    },
    mitigation: {
      actions: m.mitigation.actions.map(({ at, by, action, ok, error }) =>
        error === undefined ? { at, by, action, ok } : { at, by, action, ok, error },
      ),
    },
    impact: { windowMs: m.impact.window, namespaces: m.impact.namespaces, impactedNamespaces: m.impact.impactedNamespaces },
    alerts: m.alerts,
    reverts: {
      ok: revertsOk,
      reverted: [...input.reverts.reverted],
      failures: [...input.reverts.failures],
      steadyAfterRevert: input.steadyAfterRevert ?? null,
    },
    reference: input.reference ?? null,
    versions: { ...(input.versions ?? {}) },
    warnings,
    errors: [...(input.errors ?? []), ...(m.verdict === 'error' ? [m.verdictReason] : [])],
    observerGaps: m.observerGaps.map((g) => ({ ...g })),
  };
}
