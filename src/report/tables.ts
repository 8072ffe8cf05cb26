/**
 * The tables every report shows, built once from a RunResult: report.md and
 * report.html render the same rows, each in its own markup, so the two can
 * never disagree about a figure.
 */
import { duration, figureText, limitText, relTime } from './format.js';
import type { KeyEvent } from './key-events.js';
import type { MeasurementName, RunResult } from './result.js';

export interface Table {
  head: string[];
  rows: string[][];
}

export const FIGURE_LABELS: [MeasurementName, string][] = [
  ['ttd', 'Time to detect (TTD)'],
  ['ttm', 'Time to mitigate (TTM)'],
  ['ttr', 'Time to recover (TTR)'],
  ['failedRequests', 'Failed requests'],
  ['requestsInRun', 'Requests in the run'],
  ['errorBudgetBurned', 'Error budget burned'],
  ['p99WorstMs', 'p99 over the incident (worst second)'],
  ['p99MedianMs', 'p99 over the incident (median second)'],
  ['blastRadius', 'Blast radius'],
  ['dataGaps', 'Seconds without SLI data'],
];

export function objectivesTable(r: RunResult): Table {
  return {
    head: ['Objective', 'Limit', 'Actual', 'Result', 'Why'],
    rows: r.objectives.map((o) => [o.name, limitText(o.limit, o.unit), o.actual === null ? '—' : limitText(o.actual, o.unit), o.status, o.reason]),
  };
}

export function figuresTable(r: RunResult): Table {
  return {
    head: ['Figure', 'Value', 'Note', 'Definition'],
    rows: FIGURE_LABELS.map(([k, label]) => {
      const f = r.measurements[k];
      return [label, figureText(f), f.reason ?? '', f.definition];
    }),
  };
}

export function alertsTable(r: RunResult, ref: number): Table {
  return {
    head: ['Alert', 'Expected', 'First firing', 'Firing episodes', 'Flaps'],
    rows: r.alerts.map((a) => [a.alert, a.expected ? 'yes' : 'no', a.firstFiringAt === null ? 'never' : relTime(a.firstFiringAt, ref), String(a.firings), String(a.flaps)]),
  };
}

export function detectionListsTable(r: RunResult): Table {
  const list = (xs: string[]): string => (xs.length > 0 ? xs.join(', ') : 'none');
  const d = r.detection;
  return {
    head: ['', 'Alerts'],
    rows: [
      ['Expected', list(d.expected)],
      ['Expected, never fired by the deadline', list(d.expectedNeverFired)],
      ['Fired, not expected', list(d.firedUnexpected)],
      ['Already firing before injection (not a detection)', list(d.firingBeforeInjection)],
    ],
  };
}

export function faultsTable(r: RunResult, ref: number): Table {
  return {
    head: ['Fault', 'Type', 'Injected', 'TTD', 'TTR', 'Detected by', 'Reverted'],
    rows: r.faults.map((f) => [
      f.name,
      f.type,
      relTime(f.tInjectMs, ref),
      figureText(f.ttd),
      figureText(f.ttr),
      f.detectedBy ?? '—',
      f.revertOk === null ? 'no revert recorded' : f.revertOk ? 'ok' : 'FAILED',
    ]),
  };
}

export function keyEventsTable(keys: readonly KeyEvent[], ref: number): Table {
  return { head: ['Time', 'Event'], rows: keys.map((k) => [relTime(k.at, ref), k.what]) };
}

export function versionsTable(r: RunResult): Table {
  return { head: ['Component', 'Version'], rows: Object.entries(r.versions) };
}

/** TTD in its parts, with what each part measures; empty without a detection. */
export function ttdBreakdownTable(r: RunResult): Table {
  const b = r.detection.breakdown;
  if (!b) return { head: [], rows: [] };
  const label: Record<string, string> = {
    'fault-to-symptom': 'fault → symptom',
    'symptom-to-condition': 'symptom → rule condition true (scrape, evaluation, rate windows)',
    'condition-fell-back': `condition fell back, \`for\` restarted (${b.fallBacks ?? 0}×)`,
    'rule-for': "rule's `for`",
    notification: 'notification',
  };
  return {
    head: ['Part of TTD', 'Time', 'What it measures'],
    rows: b.parts.map((p) => [label[p.name] ?? p.name, p.ms === null ? `— (${p.reason ?? 'unknown'})` : duration(p.ms), p.definition]),
  };
}

/** The reference timeline beside the measured one, in scenario time from injection; empty without one. */
export function referenceTable(r: RunResult): Table {
  const ref = r.reference;
  if (!ref) return { head: [], rows: [] };
  const t = (ms: number): string => `T+${(ms / 60_000).toFixed(1)}m`;
  return {
    head: ['Step', 'Reference', 'This run', 'Difference', 'Matched'],
    rows: ref.rows.map((x) => [
      x.event,
      t(x.referenceMs),
      x.measuredMs === null ? 'not seen' : t(x.measuredMs),
      x.deltaMs === null ? '—' : `${x.deltaMs >= 0 ? '+' : '−'}${(Math.abs(x.deltaMs) / 60_000).toFixed(1)}m`,
      x.matched ?? '—',
    ]),
  };
}
