/** The debrief section of report.html and the history page, rendered from a training result built the way a session builds it. */
import { expect } from 'chai';
import { measure } from '../../../src/measure/measure.js';
import type { TrainingEvent } from '../../../src/measure/training-events.js';
import { scoreTraining } from '../../../src/measure/training-score.js';
import { debriefMarks } from '../../../src/report/debrief-html.js';
import { debriefLines } from '../../../src/report/debrief-text.js';
import { renderHtml } from '../../../src/report/html.js';
import { markdownLite } from '../../../src/report/markdown-lite.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import type { RunResult } from '../../../src/report/result.js';
import { historyRow, renderHistoryHtml } from '../../../src/report/training-history.js';
import { TRAINING_BLOCK_VERSION } from '../../../src/report/training-result.js';
import { at, cleanRunEvents, resultFrom } from './fixtures.js';

function trainingResult(): { r: RunResult; events: ReturnType<typeof cleanRunEvents> } {
  const events = [
    ...cleanRunEvents().filter((e) => e.kind !== 'action'),
    { kind: 'action' as const, at: at(17), by: 'trainee' as const, action: 'delete <policy> & "x"', ok: true },
  ].sort((a, b) => a.at - b.at);
  const base = resultFrom(events);
  const training: TrainingEvent[] = [
    {
      kind: 'page',
      at: at(15),
      shownAt: at(15.4),
      alert: 'IstiodDown',
      severity: 'critical',
      summary: 'istiod <down>',
      fingerprint: 'f1',
      runbookUrl: 'docs/runbooks/istiod-outage.md',
    },
    { kind: 'ack', at: at(15.5), pages: 1 },
    { kind: 'diagnose', at: at(16), faultType: 'deny-policy' },
    { kind: 'hint', at: at(16.2), index: 0, text: 'look at istiod' },
    { kind: 'diagnose', at: at(16.5), faultType: 'istiod-oom', component: 'istiod' },
    { kind: 'act', at: at(17), action: 'delete <policy> & "x"', ok: true },
  ];
  const m = measure(events, {
    steadyState: { minSuccessRate: 0.99, maxP99Ms: 500, noFiringAlerts: true, windowMs: 5000, timeoutMs: 60_000 },
    detection: { expect: ['IstiodDown'], deadlineMs: 60_000 },
    recovery: { actions: [], deadlineMs: 120_000 },
    objectives: {},
  });
  const expert = [{ at: at(25), action: 'revert fault oom', note: 'on-call restores the limit' }];
  const score = scoreTraining({
    timeline: events,
    training,
    truth: { faultType: 'istiod-oom', components: ['istiod'] },
    measurements: m,
    expert,
  });
  const r: RunResult = {
    ...base,
    training: {
      version: TRAINING_BLOCK_VERSION,
      trainee: 'alex',
      seed: 7,
      window: { fromMs: 5000, toMs: 10_000 },
      drawn: {
        scenario: 'istiod-oom',
        pool: ['deny-policy', 'istiod-oom'],
        offsetMs: 7000,
        faults: [{ name: 'oom', type: 'istiod-oom', components: ['istiod'] }],
      },
      runbook: {
        path: 'docs/runbooks/istiod-oom.md',
        text: '# istiod OOM\n## Mitigation\nRaise the `discovery` <limit>.\n## Hints\n1. first\n2. second\n',
      },
      hintsAvailable: 2,
      events: training,
      score,
      expert,
    },
  };
  return { r, events };
}

describe('training debrief rendering', () => {
  const { r, events } = trainingResult();

  it('marks the first page, the ack, each guess (right and wrong), the hint, the action and the expert on the chart', () => {
    expect(debriefMarks(r).map((m) => [m.at, m.cls, m.label])).to.deep.equal([
      [at(15), 'page', 'page IstiodDown'],
      [at(15.5), 'trainee', 'ack'],
      [at(16), 'wrong', 'wrong: deny-policy'],
      [at(16.2), 'trainee', 'hint 1'],
      [at(16.5), 'trainee', 'right: istiod-oom'],
      [at(17), 'trainee', 'act: delete <policy> & "x"'],
      [at(25), 'expert', 'expert: revert fault oom'],
    ]);
  });

  it('puts the debrief in report.html: score, chart marks, what each page meant, the expert line, the runbook — all escaped', () => {
    const html = renderHtml(r, events);
    expect(html).to.include(`<h2>Debrief: alex — score ${r.training!.score.score} / 100</h2>`);
    expect(html.match(/<line class="m-trainee"/g)?.length).to.equal(4);
    expect(html).to.include('<line class="m-wrong"');
    expect(html).to.include('<line class="m-expert"');
    expect(html).to.include('<td>istiod &lt;down&gt;</td><td>a symptom of the injected fault</td><td>docs/runbooks/istiod-outage.md</td>');
    expect(html).to.include('revert fault oom — on-call restores the limit');
    expect(html).to.include('Raise the <code>discovery</code> &lt;limit&gt;.');
    expect(html).not.to.include('<policy>');
    expect(html).not.to.match(/\b(src|href)=/);
  });

  it('prints the same figures as text, also at the top of report.md', () => {
    const lines = debriefLines(r).join('\n');
    expect(renderMarkdown(r, events)).to.include(`## Debrief\n\n\`\`\`\n${lines}\n\`\`\``);
    expect(lines).to.include('acknowledged       500 ms after the first page (5.5 s after injection)');
    expect(lines).to.include('diagnosis          right after 6.5 s; 1 wrong guess(es) [deny-policy wrong, istiod-oom/istiod right]');
    expect(lines).to.include('hints              1 of 2');
  });

  it('renders Markdown lists, headings and code without letting HTML through', () => {
    expect(markdownLite('## Look\n- a `b`\n- <c>\n\ntext')).to.equal(
      '<h4>Look</h4>\n<ul>\n<li>a <code>b</code></li>\n<li>&lt;c&gt;</li>\n</ul>\n<p>text</p>',
    );
  });

  it("history: a row per session and a page with each trainee's score line", () => {
    const row = historyRow('/x', r)!;
    expect(row).to.deep.include({
      trainee: 'alex',
      fault: 'istiod-oom',
      diagnosis: 'right',
      timeToAckMs: 500,
      score: r.training!.score.score,
    });
    expect(historyRow('/y', { ...r, training: undefined })).to.equal(null);
    const page = renderHistoryHtml([row, { ...row, trainee: 'sam', startedAtMs: row.startedAtMs + 1, score: 40 }]);
    expect(page.match(/<circle/g)?.length).to.equal(2);
    expect(page).to.include('>sam</text>');
  });
});
