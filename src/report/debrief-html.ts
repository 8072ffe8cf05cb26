/**
 * The debrief section of a training session's report.html: the score and
 * how it was made, the chart with the trainee's marks beside the pages, the
 * alerts and the SLI, what each page meant, what the expert line did at
 * each point, and the fault's runbook.
 */
import type { TimelineEvent } from '../timeline.js';
import { debriefLines } from './debrief-text.js';
import { duration, relTime } from './format.js';
import { markdownLite } from './markdown-lite.js';
import type { RunResult } from './result.js';
import { renderChart, type ChartMark } from './svg-chart.js';
import { escapeXml as esc } from './xml.js';

export function debriefMarks(r: RunResult): ChartMark[] {
  const t = r.training;
  if (!t) return [];
  const marks: ChartMark[] = [];
  const paged = new Set<string>();
  for (const e of t.events) {
    switch (e.kind) {
      case 'page':
        // One mark per alert: the first time it paged.
        if (!paged.has(e.alert)) marks.push({ at: e.at, cls: 'page', label: `page ${e.alert}` });
        paged.add(e.alert);
        break;
      case 'ack':
        marks.push({ at: e.at, cls: 'trainee', label: 'ack' });
        break;
      case 'diagnose': {
        const right = e.faultType === t.score.diagnosis.guesses.find((g) => g.typeRight)?.faultType;
        marks.push({ at: e.at, cls: right ? 'trainee' : 'wrong', label: `${right ? 'right' : 'wrong'}: ${e.faultType}` });
        break;
      }
      case 'hint':
        marks.push({ at: e.at, cls: 'trainee', label: `hint ${e.index + 1}` });
        break;
      case 'act':
        marks.push({ at: e.at, cls: e.ok ? 'trainee' : 'wrong', label: `act: ${e.action.slice(0, 40)}` });
        break;
      case 'end':
        if (e.by === 'trainee') marks.push({ at: e.at, cls: 'trainee', label: 'end' });
        break;
    }
  }
  for (const s of t.expert) if (s.at !== null) marks.push({ at: s.at, cls: 'expert', label: `expert: ${s.action.slice(0, 40)}` });
  return marks.sort((a, b) => a.at - b.at);
}

function tableOf(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows
    .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n')}\n</tbody></table>`;
}

export function renderDebrief(r: RunResult, events: readonly TimelineEvent[]): string {
  const t = r.training;
  if (!t) return '';
  const ref = r.tInjectMs ?? r.startedAtMs;
  const at = (v: number | null): string => (v === null ? '—' : relTime(v, ref));
  const s = t.score;
  const b: string[] = [];
  b.push(`<section id="debrief"><h2>Debrief: ${esc(t.trainee)} — score ${s.score} / 100</h2>`);
  b.push(`<pre class="debrief">${esc(debriefLines(r).join('\n'))}</pre>`);
  b.push(
    tableOf(
      ['Part', 'Points', 'Of', 'Why'],
      s.parts.map((p) => [p.name, String(p.points), String(p.max), p.why]),
    ),
  );
  b.push(
    '<h3>The session, with the trainee beside the alerts</h3>',
    renderChart(r, events, debriefMarks(r)),
    "<p>Orange: first page of each alert. Green: the trainee (ack, right diagnosis, hint, action). Red: a wrong guess or a failed action. Dark dashed: the expert line (the scenario's scripted responder in this session's time). T+00:00 is the injection.</p>",
  );
  const pages = t.events.filter((e): e is Extract<typeof e, { kind: 'page' }> => e.kind === 'page');
  const expected = new Set(r.alerts.filter((a) => a.expected).map((a) => a.alert));
  b.push(
    '<h3>What each page meant</h3>',
    pages.length === 0
      ? '<p>No page was sent during the session.</p>'
      : tableOf(
          ['Paged', 'Alert', 'Severity', 'Summary', 'Here', 'Runbook'],
          pages.map((p) => [
            at(p.at),
            p.alert,
            p.severity,
            p.summary,
            expected.has(p.alert) ? 'a symptom of the injected fault' : 'a side effect (not the alert that detects this fault)',
            p.runbookUrl ?? '—',
          ]),
        ),
  );
  const acts = t.events.filter((e): e is Extract<typeof e, { kind: 'act' }> => e.kind === 'act');
  b.push(
    '<h3>The expert line and the trainee</h3>',
    tableOf(
      ['When', 'Who', 'What'],
      [
        ...t.expert.map((e) => [
          e.at === null ? `never (${e.reason ?? ''})` : at(e.at),
          'expert',
          `${e.action}${e.note ? ` — ${e.note}` : ''}`,
        ]),
        ...acts.map((a) => [at(a.at), 'trainee', `${a.action}${a.ok ? '' : ` (failed: ${a.error ?? ''})`}`]),
        ...s.diagnosis.guesses.map((g) => [
          at(g.at),
          'trainee',
          `diagnosis ${g.faultType}${g.component ? ` in ${g.component}` : ''}: ${g.typeRight ? 'right' : 'wrong'}`,
        ]),
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    ),
  );
  if (s.harmfulActions.length > 0)
    b.push(
      '<h3>Actions that made things worse</h3>',
      tableOf(
        ['When', 'Action', 'Why'],
        s.harmfulActions.map((h) => [at(h.at), h.action, h.why]),
      ),
    );
  if (r.reference)
    b.push(
      `<p>This scenario replays a published incident: its timeline is laid beside this session's in "Beside the reference timeline" below${r.reference.source ? ` (${esc(r.reference.source)})` : ''}.</p>`,
    );
  b.push(
    `<p>Drawn: ${esc(t.drawn.scenario)} from a pool of ${t.drawn.pool.length}, fault injected ${esc(duration(t.drawn.offsetMs))} after steady state (seed ${t.seed}).</p>`,
  );
  if (t.runbook)
    b.push(`<h3>Runbook: <code>${esc(t.runbook.path)}</code></h3>`, `<div class="runbook">${markdownLite(t.runbook.text)}</div>`);
  b.push('</section>');
  return b.join('\n');
}
