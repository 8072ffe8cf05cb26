/**
 * report.md: a run written up to paste into a postmortem. Figures appear
 * with their definitions, because a number without its definition gets
 * compared with someone else's differently-measured number.
 */
import type { TimelineEvent } from '../measure/timeline.js';
import { duration, figureText, limitText, relTime } from './format.js';
import { keyEvents } from './key-events.js';
import type { MeasurementName, RunResult } from './result.js';

const FIGURE_ROWS: [MeasurementName, string][] = [
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

export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
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
    table(
      ['', ''],
      [
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
    ),
    '',
  );

  if (r.objectives.length > 0) {
    out.push('## Objectives', '');
    out.push(
      table(
        ['Objective', 'Limit', 'Actual', 'Result', 'Why'],
        r.objectives.map((o) => [
          o.name,
          limitText(o.limit, o.unit),
          o.actual === null ? '—' : limitText(o.actual, o.unit),
          o.status,
          o.reason,
        ]),
      ),
      '',
    );
  }

  out.push('## Figures', '');
  out.push(
    table(
      ['Figure', 'Value', 'Note', 'Definition'],
      FIGURE_ROWS.map(([k, label]) => {
        const f = r.measurements[k];
        return [label, figureText(f), f.reason ?? '', f.definition];
      }),
    ),
    '',
  );
  if (r.impact.namespaces.length > 0)
    out.push(`Namespaces with failures: ${r.impact.impactedNamespaces.join(', ') || 'none'} (of ${r.impact.namespaces.join(', ')}).`, '');
  if (r.recovery.relapses > 0) {
    out.push('## Incidents', '');
    out.push(
      table(
        ['#', 'Onset', 'Cause', 'Recovered'],
        r.recovery.incidents.map((i, n) => [
          String(n + 1),
          relTime(i.onsetAt, ref),
          i.causes.join(', '),
          i.recoveredAt === null ? 'not recovered' : relTime(i.recoveredAt, ref),
        ]),
      ),
      '',
    );
  }

  out.push('## Detection', '');
  const d = r.detection;
  out.push(`Status: **${d.status}**${d.detectedBy ? ` — ${d.detectedBy.alert} at ${relTime(d.detectedBy.at, ref)}` : ''}.`, '');
  out.push(
    table(
      ['', 'Alerts'],
      [
        ['Expected', list(d.expected)],
        ['Expected, never fired by the deadline', list(d.expectedNeverFired)],
        ['Fired, not expected', list(d.firedUnexpected)],
        ['Already firing before injection (not a detection)', list(d.firingBeforeInjection)],
      ],
    ),
    '',
  );
  if (r.alerts.length > 0) {
    out.push('### Alerts', '');
    out.push(
      table(
        ['Alert', 'Expected', 'First firing', 'Firing episodes', 'Flaps'],
        r.alerts.map((a) => [
          a.alert,
          a.expected ? 'yes' : 'no',
          a.firstFiringAt === null ? 'never' : relTime(a.firstFiringAt, ref),
          String(a.firings),
          String(a.flaps),
        ]),
      ),
      '',
    );
  }

  out.push('## Faults', '');
  out.push(
    table(
      ['Fault', 'Type', 'Injected', 'TTD', 'TTR', 'Detected by', 'Reverted'],
      r.faults.map((f) => [
        f.name,
        f.type,
        relTime(f.tInjectMs, ref),
        figureText(f.ttd),
        figureText(f.ttr),
        f.detectedBy ?? '—',
        f.revertOk === null ? 'no revert recorded' : f.revertOk ? 'ok' : 'FAILED',
      ]),
    ),
    '',
  );
  out.push(
    `Reverts: ${r.reverts.ok ? 'all ok' : `FAILED — ${r.reverts.failures.map((f) => `${f.operation}: ${f.error}`).join('; ')}`}${r.reverts.steadyAfterRevert === null ? '' : `; steady state after revert: ${r.reverts.steadyAfterRevert ? 'yes' : 'NO'}`}.`,
    '',
  );

  const keys = keyEvents(r, events);
  if (keys.length > 0) {
    out.push('## Timeline', '');
    out.push(
      table(
        ['Time', 'Event'],
        keys.map((k) => [relTime(k.at, ref), k.what]),
      ),
      '',
    );
  }
  if (r.warnings.length > 0) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  if (r.errors.length > 0) out.push('## Errors', '', ...r.errors.map((e) => `- ${e}`), '');
  const versions = Object.entries(r.versions);
  if (versions.length > 0) out.push('## Components', '', table(['Component', 'Version'], versions), '');
  out.push(
    `_Run length ${duration(r.endedAtMs - r.startedAtMs)}; times are T±mm:ss from ${r.tInject ? 'injection' : 'the start of the run'}._`,
    '',
  );
  return out.join('\n');
}

function list(xs: string[]): string {
  return xs.length > 0 ? xs.join(', ') : 'none';
}
