/**
 * report.md: a run written up to paste into a postmortem. Figures appear
 * with their definitions, because a number without its definition gets
 * compared with someone else's differently-measured number.
 */
import type { TimelineEvent } from '../timeline.js';
import { debriefLines } from './debrief-text.js';
import { duration, figureText, relTime } from './format.js';
import { keyEvents } from './key-events.js';
import type { RunResult } from './result.js';
import { alertsTable, detectionListsTable, faultsTable, figuresTable, keyEventsTable, objectivesTable, referenceTable, ttdBreakdownTable, versionsTable, type Table } from './tables.js';

export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table({ head, rows }: Table): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join(
    '\n',
  );
}

/** Reference instant for T+mm:ss: injection when there was one, else the start. */
export function referenceInstant(r: RunResult): number {
  return r.tInjectMs ?? r.startedAtMs;
}

export function renderMarkdown(r: RunResult, events: readonly TimelineEvent[] = []): string {
  const ref = referenceInstant(r);
  const out: string[] = [];
  out.push(`# GameDay: ${r.scenario.name}`, '');
  out.push(
    table({
      head: ['', ''],
      rows: [
        ['Verdict', `**${r.verdict}** — ${r.verdictReason}`],
        ['Exit code', String(r.exitCode)],
        ['Scenario file', `\`${r.scenario.file}\``],
        ['Target', r.target.context ? `${r.target.kind} (${r.target.context})` : r.target.kind],
        ['Time scale', `${r.timeScale}×`],
        ['Started', r.startedAt],
        ['Ended', r.endedAt],
        ['Injected (T+00:00)', r.tInject ?? 'not injected'],
        ['TTD', figureText(r.measurements.ttd)],
        ['TTR', figureText(r.measurements.ttr)],
        ['Failed requests', figureText(r.measurements.failedRequests)],
      ],
    }),
    '',
  );

  // A training session's debrief comes first: it is what the trainee and the instructor read.
  if (r.training) out.push('## Debrief', '', '```', ...debriefLines(r), '```', '');
  if (r.objectives.length > 0) out.push('## Objectives', '', table(objectivesTable(r)), '');

  out.push('## Figures', '', table(figuresTable(r)), '');
  if (r.impact.namespaces.length > 0)
    out.push(`Namespaces with failures: ${r.impact.impactedNamespaces.join(', ') || 'none'} (of ${r.impact.namespaces.join(', ')}).`, '');
  if (r.recovery.relapses > 0) {
    out.push('## Incidents', '');
    out.push(
      table({
        head: ['#', 'Onset', 'Cause', 'Recovered'],
        rows: r.recovery.incidents.map((i, n) => [
          String(n + 1),
          relTime(i.onsetAt, ref),
          i.causes.join(', '),
          i.recoveredAt === null ? 'not recovered' : relTime(i.recoveredAt, ref),
        ]),
      }),
      '',
    );
  }

  out.push('## Detection', '');
  const d = r.detection;
  out.push(`Status: **${d.status}**${d.detectedBy ? ` — ${d.detectedBy.alert} at ${relTime(d.detectedBy.at, ref)}` : ''}.`, '');
  const parts = ttdBreakdownTable(r);
  if (parts.rows.length > 0) out.push(table(parts), '');
  out.push(table(detectionListsTable(r)), '');
  if (r.alerts.length > 0) out.push('### Alerts', '', table(alertsTable(r, ref)), '');

  out.push('## Faults', '', table(faultsTable(r, ref)), '');
  out.push(
    `Reverts: ${r.reverts.ok ? 'all ok' : `FAILED — ${r.reverts.failures.map((f) => `${f.operation}: ${f.error}`).join('; ')}`}${r.reverts.steadyAfterRevert === null ? '' : `; steady state after revert: ${r.reverts.steadyAfterRevert ? 'yes' : 'NO'}`}.`,
    '',
  );

  if (r.reference) {
    out.push('## Beside the reference timeline', '');
    out.push(
      `Scenario time from injection (this run at ${r.timeScale}×)${r.reference.source ? `; reference: ${r.reference.source}` : ''}.`,
      '',
      table(referenceTable(r)),
      '',
    );
  }
  const keys = keyEvents(r, events);
  if (keys.length > 0) out.push('## Timeline', '', table(keyEventsTable(keys, ref)), '');
  if (r.warnings.length > 0) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  if (r.errors.length > 0) out.push('## Errors', '', ...r.errors.map((e) => `- ${e}`), '');
  if (Object.keys(r.versions).length > 0) out.push('## Components', '', table(versionsTable(r)), '');
  out.push(
    `_Run length ${duration(r.endedAtMs - r.startedAtMs)}; times are T±mm:ss from ${r.tInject ? 'injection' : 'the start of the run'}._`,
    '',
  );
  return out.join('\n');
}
