/** Several runs side by side: the nightly suite's summary, as markdown for people and JSON for machines. */
import { readResultJson } from './json.js';
import { figureText } from './format.js';
import { cell } from './markdown.js';
import type { RunResult } from './result.js';
import type { Verdict } from '../measure/verdict.js';

export interface AggregateRow {
  scenario: string;
  verdict: Verdict;
  ttdMs: number | null;
  ttrMs: number | null;
  failedRequests: number | null;
  startedAt: string;
  reason: string;
}

export interface Aggregate {
  runs: number;
  met: number;
  rows: AggregateRow[];
}

export function aggregate(results: readonly RunResult[]): Aggregate {
  const rows = results.map((r) => ({
    scenario: r.scenario.name,
    verdict: r.verdict,
    ttdMs: r.measurements.ttd.value,
    ttrMs: r.measurements.ttr.value,
    failedRequests: r.measurements.failedRequests.value,
    startedAt: r.startedAt,
    reason: r.verdictReason,
  }));
  return { runs: rows.length, met: rows.filter((r) => r.verdict === 'met').length, rows };
}

export function loadAggregate(files: readonly string[]): Aggregate {
  return aggregate(files.map(readResultJson));
}

export function renderAggregateMarkdown(a: Aggregate): string {
  const ms = (v: number | null): string => figureText({ value: v, unit: 'ms', definition: '' });
  const lines = [
    `${a.met} of ${a.runs} scenarios met their objectives.`,
    '',
    '| Scenario | Verdict | TTD | TTR | Failed requests |',
    '|---|---|---|---|---|',
    ...a.rows.map((r) => `| ${cell(r.scenario)} | ${r.verdict} | ${ms(r.ttdMs)} | ${ms(r.ttrMs)} | ${r.failedRequests ?? '—'} |`),
    '',
  ];
  return lines.join('\n');
}

export function renderAggregateJson(a: Aggregate): string {
  return JSON.stringify(a, null, 2) + '\n';
}
