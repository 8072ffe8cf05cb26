import { expect } from 'chai';
import { DEFINITIONS } from '../../../src/measure/definitions.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { at, cleanRunEvents, resultFrom } from './fixtures.js';

describe('markdown report', () => {
  const events = cleanRunEvents();
  const md = renderMarkdown(resultFrom(events), events);

  it('has the summary with the exact figures', () => {
    expect(md).to.contain('# GameDay: istiod <oom> & "friends"');
    expect(md).to.contain('| Verdict | **met** — all objectives met |');
    expect(md).to.contain('| TTD | 5.0 s |');
    expect(md).to.contain('| TTR | 12.0 s |');
    expect(md).to.contain('| Failed requests | 500 requests |');
  });

  it('puts each figure next to its definition', () => {
    expect(md).to.contain(`| Time to detect (TTD) | 5.0 s |  | ${DEFINITIONS.ttd} |`);
    expect(md).to.contain(`| Time to mitigate (TTM) | 7.0 s |  | ${DEFINITIONS.ttm} |`);
    expect(md).to.contain(`| p99 over the incident (worst second) | 900 ms |  | ${DEFINITIONS.p99Worst} |`);
    expect(md).to.contain(`| Error budget burned | — | the scenario sets no SLO | ${DEFINITIONS.errorBudgetBurned} |`);
  });

  it('has the objectives, alert and fault tables', () => {
    expect(md).to.contain('| ttd | 30.0 s | 5.0 s | met | IstiodDown fired 5000 ms after injection (limit 30000 ms) |');
    expect(md).to.contain('| IstiodDown | yes | T+00:05 | 1 | 0 |');
    expect(md).to.contain('| Latency<High> & "bad" | no | T+00:03 | 1 | 0 |');
    expect(md).to.contain('| oom | istiod-oom | T+00:00 | 5.0 s | 12.0 s | IstiodDown | ok |');
  });

  it('has the key events in T±mm:ss from injection', () => {
    expect(md).to.contain('| T−00:10 | phase steady-state |');
    expect(md).to.contain('| T+00:00 | fault oom (istiod-oom) injected: set memory limit of oom |');
    expect(md).to.contain('| T+00:05 | alert IstiodDown firing |');
    expect(md).to.contain('| T+00:05 | DETECTED by IstiodDown |');
    expect(md).to.contain('| T+00:07 | responder: move tag stable back |');
    expect(md).to.contain('| T+00:12 | incident recovered (start of the confirming window) |');
    expect(md).not.to.contain('pending |');
  });

  it('shows a condition that fell back before `for` passed as its own part of TTD, with how many times', () => {
    const held = (state: 'pending' | 'resolved' | 'firing', s: number, activeS: number): TimelineEvent => ({
      kind: 'alert',
      at: at(s),
      alert: 'IstiodDown',
      state,
      labels: { alertname: 'IstiodDown' },
      activeAt: at(activeS),
      heardAt: at(s) + 400,
      source: 'prometheus',
    });
    const withFallBack = cleanRunEvents()
      .filter((e) => !(e.kind === 'alert' && e.alert === 'IstiodDown'))
      .concat([held('pending', 11, 11), held('resolved', 12, 11), held('pending', 13, 13), held('firing', 15, 13), held('resolved', 21.5, 13)]);
    const out = renderMarkdown(resultFrom(withFallBack), withFallBack);
    expect(out).to.match(/\| condition fell back, `for` restarted \(1×\) \| 2\.0 s \|/);
    expect(out).to.match(/\| rule's `for` \| 2\.0 s \|/);
    expect(md).not.to.contain('condition fell back');
  });

  it('escapes table cells', () => {
    const r = resultFrom(events);
    r.warnings.push('a | b');
    r.verdictReason = 'x | y\nz';
    const out = renderMarkdown(r, events);
    expect(out).to.contain('**met** — x \\| y z |');
    expect(out).to.contain('- a | b');
  });
});
