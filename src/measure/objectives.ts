/**
 * The scenario's objectives (ttd <= 2m, ttr <= 10m, …) judged against the
 * figures. An objective that could not be judged (detection unavailable, no
 * requests) is "unknown": it is not met, and it is not a finding either.
 */
import type { ObjectivesSpec } from '../scenario/types.js';
import type { Detection } from './detection.js';
import type { FigureUnit } from './figure.js';
import type { Impact } from './impact.js';
import type { Recovery } from './recovery.js';

export type ObjectiveName = 'ttd' | 'ttr' | 'max-failed-requests' | 'error-budget';

export interface ObjectiveResult {
  name: ObjectiveName;
  limit: number;
  unit: FigureUnit;
  actual: number | null;
  met: boolean;
  status: 'met' | 'missed' | 'unknown';
  reason: string;
}

export function judgeObjectives(spec: ObjectivesSpec, detection: Detection, recovery: Recovery, impact: Impact): ObjectiveResult[] {
  const out: ObjectiveResult[] = [];
  if (spec.ttdMs !== undefined) out.push(judgeTtd(spec.ttdMs, detection));
  if (spec.ttrMs !== undefined) out.push(judgeTtr(spec.ttrMs, recovery));
  if (spec.maxFailedRequests !== undefined) {
    out.push(
      atMost(
        'max-failed-requests',
        spec.maxFailedRequests,
        'requests',
        impact.failedRequests.value,
        impact.failedRequests.reason,
        'failed requests',
      ),
    );
  }
  if (spec.slo) {
    out.push(
      atMost(
        'error-budget',
        spec.slo.maxBudgetBurn,
        'ratio',
        impact.errorBudgetBurned.value,
        impact.errorBudgetBurned.reason,
        'error budget burned',
      ),
    );
  }
  return out;
}

function judgeTtd(limit: number, d: Detection): ObjectiveResult {
  const o = { name: 'ttd' as const, limit, unit: 'ms' as const, actual: d.ttd.value };
  switch (d.status) {
    case 'detected': {
      const ttd = d.ttd.value ?? Number.POSITIVE_INFINITY;
      return ttd <= limit
        ? {
            ...o,
            met: true,
            status: 'met',
            reason: `${d.detectedBy?.alert ?? 'an expected alert'} fired ${ttd} ms after injection (limit ${limit} ms)`,
          }
        : {
            ...o,
            met: false,
            status: 'missed',
            reason: `${d.detectedBy?.alert ?? 'an expected alert'} fired ${ttd} ms after injection, over the limit of ${limit} ms`,
          };
    }
    case 'no-impact':
      return {
        ...o,
        met: true,
        status: 'met',
        reason: 'not applicable: the fault had no observable impact, so there was nothing to detect',
      };
    case 'unavailable':
      return { ...o, met: false, status: 'unknown', reason: d.ttd.reason ?? 'detection unknown' };
    case 'not-injected':
      return { ...o, met: false, status: 'unknown', reason: 'no fault was injected' };
    case 'gap':
      return { ...o, met: false, status: 'missed', reason: d.ttd.reason ?? 'detection gap' };
  }
}

function judgeTtr(limit: number, r: Recovery): ObjectiveResult {
  const o = { name: 'ttr' as const, limit, unit: 'ms' as const, actual: r.ttr.value };
  if (r.ttr.value === null) {
    return { ...o, met: false, status: r.status === 'not-injected' ? 'unknown' : 'missed', reason: r.ttr.reason ?? 'not recovered' };
  }
  const prefix = r.status === 'no-impact' ? 'no observable impact; ' : '';
  return r.ttr.value <= limit
    ? { ...o, met: true, status: 'met', reason: `${prefix}recovered ${r.ttr.value} ms after injection (limit ${limit} ms)` }
    : { ...o, met: false, status: 'missed', reason: `recovered ${r.ttr.value} ms after injection, over the limit of ${limit} ms` };
}

function atMost(
  name: ObjectiveName,
  limit: number,
  unit: FigureUnit,
  actual: number | null,
  why: string | undefined,
  what: string,
): ObjectiveResult {
  if (actual === null) return { name, limit, unit, actual, met: false, status: 'unknown', reason: why ?? `${what} unknown` };
  return actual <= limit
    ? { name, limit, unit, actual, met: true, status: 'met', reason: `${what} ${actual} within the limit of ${limit}` }
    : { name, limit, unit, actual, met: false, status: 'missed', reason: `${what} ${actual} over the limit of ${limit}` };
}
