/**
 * report.html: one self-contained file — inline CSS and SVG, no script, no
 * font, no link — so it opens from an air-gapped laptop or a CI artifact
 * store exactly as it was written.
 */
import type { TimelineEvent } from '../timeline.js';
import { figureText, relTime } from './format.js';
import { keyEvents } from './key-events.js';
import { referenceInstant } from './markdown.js';
import type { RunResult } from './result.js';
import { alertsTable, detectionListsTable, faultsTable, figuresTable, keyEventsTable, objectivesTable, referenceTable, ttdBreakdownTable, versionsTable, type Table } from './tables.js';
import { renderDebrief } from './debrief-html.js';
import { CHART_CSS, renderChart } from './svg-chart.js';
import { escapeXml as esc } from './xml.js';

const PAGE_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1000px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.def { color: #555; font-size: 12px; }
pre.debrief { background: #f7f7f7; padding: 8px; }
.runbook { border-left: 3px solid #ddd; padding-left: 1em; }
.verdict-met { color: #1e8449; } .verdict-missed, .verdict-error, .verdict-aborted, .verdict-not-steady { color: #c0392b; }
`;

function table({ head, rows }: Table, cls: (string | undefined)[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls[i] ? ` class="${cls[i]}"` : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

function page(title: string, body: string, css: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${esc(title)}</title>\n<style>${css}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

export function renderHtml(r: RunResult, events: readonly TimelineEvent[]): string {
  const ref = referenceInstant(r);
  const b: string[] = [];
  b.push(`<h1>GameDay: ${esc(r.scenario.name)}</h1>`);
  b.push(`<p class="verdict-${esc(r.verdict)}"><strong>${esc(r.verdict)}</strong> — ${esc(r.verdictReason)} (exit code ${r.exitCode})</p>`);
  b.push(
    table({
      head: ['', ''],
      rows: [
        ['Scenario file', r.scenario.file],
        ['Target', r.target.context ? `${r.target.kind} (${r.target.context})` : r.target.kind],
        ['Started', r.startedAt],
        ['Ended', r.endedAt],
        ['Injected (T+00:00)', r.tInject ?? 'not injected'],
        ['TTD', figureText(r.measurements.ttd)],
        ['TTR', figureText(r.measurements.ttr)],
      ],
    }),
  );
  if (r.training) b.push(renderDebrief(r, events));
  b.push(
    '<h2>Timeline</h2>',
    renderChart(r, events),
    '<p>Alerts marked * are expected. Bands: pending (light), firing (dark). Dashed lines: injection (red), mitigation (blue), revert (grey).</p>',
  );
  if (r.objectives.length > 0) b.push('<h2>Objectives</h2>', table(objectivesTable(r)));
  b.push('<h2>Figures</h2>', table(figuresTable(r), [undefined, undefined, undefined, 'def']));
  const d = r.detection;
  b.push(
    '<h2>Detection</h2>',
    `<p>Status: <strong>${esc(d.status)}</strong>${d.detectedBy ? ` — ${esc(d.detectedBy.alert)} at ${esc(relTime(d.detectedBy.at, ref))}` : ''}</p>`,
    ...(r.detection.breakdown ? [table(ttdBreakdownTable(r), [undefined, undefined, 'def'])] : []),
    table(alertsTable(r, ref)),
    table(detectionListsTable(r)),
  );
  b.push('<h2>Faults</h2>', table(faultsTable(r, ref)));
  if (r.reference) {
    b.push(
      '<h2>Beside the reference timeline</h2>',
      `<p>Scenario time from injection (this run at ${esc(String(r.timeScale))}×)${r.reference.source ? `; reference: ${esc(r.reference.source)}` : ''}.</p>`,
      table(referenceTable(r)),
    );
  }
  const keys = keyEvents(r, events);
  if (keys.length > 0) b.push('<h2>Key events</h2>', table(keyEventsTable(keys, ref)));
  if (r.warnings.length > 0) b.push('<h2>Warnings</h2>', `<ul>${r.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  if (r.errors.length > 0) b.push('<h2>Errors</h2>', `<ul>${r.errors.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  if (Object.keys(r.versions).length > 0) b.push('<h2>Components</h2>', table(versionsTable(r)));
  return page(`GameDay: ${r.scenario.name}`, b.join('\n'), PAGE_CSS + CHART_CSS);
}

/** The suite page: one row per run, linking nowhere (the run directories sit beside it). */
export interface SuiteRun {
  result: RunResult;
  /** The run's timeline, for its chart; without it the run has a table row only. */
  events?: readonly TimelineEvent[];
}

/** The suite page: one row per run, then each run's timeline chart with its TTD and TTR. */
export function renderSuiteHtml(runs: readonly SuiteRun[], title = 'GameDay suite'): string {
  const results = runs.map((r) => r.result);
  const rows = results.map((r) => [
    r.scenario.name,
    r.verdict,
    figureText(r.measurements.ttd),
    figureText(r.measurements.ttr),
    figureText(r.measurements.failedRequests),
    r.verdictReason,
  ]);
  const met = results.filter((r) => r.verdict === 'met').length;
  const charts = runs
    .filter((r) => r.events && r.events.length > 0)
    .map(
      ({ result: r, events }) =>
        `<h2 class="verdict-${esc(r.verdict)}">${esc(r.scenario.name)}: ${esc(r.verdict)}</h2>\n<p>TTD ${esc(figureText(r.measurements.ttd))} · TTR ${esc(figureText(r.measurements.ttr))} · ${esc(r.verdictReason)}</p>\n${renderChart(r, events!)}`,
    );
  return page(
    title,
    `<h1>${esc(title)}</h1>\n<p>${met} of ${results.length} scenarios met their objectives.</p>\n${table({ head: ['Scenario', 'Verdict', 'TTD', 'TTR', 'Failed requests', 'Why'], rows })}\n${charts.join('\n')}`,
    PAGE_CSS + CHART_CSS,
  );
}
