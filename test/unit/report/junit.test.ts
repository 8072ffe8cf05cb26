import { expect } from 'chai';
import { junitCases, renderRunJUnit, renderSuiteJUnit } from '../../../src/report/junit.js';
import { escapeXml } from '../../../src/report/xml.js';
import { cleanRunEvents, resultFrom } from './fixtures.js';
import { assertWellFormedXml } from './xml-check.js';
import { seconds, timeline } from '../measure/timeline-builder.js';

describe('JUnit', () => {
  const met = resultFrom(cleanRunEvents());
  const missed = resultFrom(
    cleanRunEvents(),
    { reverts: { reverted: [], failures: [{ operation: 'delete AuthorizationPolicy <deny> & co', error: 'forbidden "x"' }] } },
    {},
    { ttdMs: 4000, ttrMs: 60_000, maxFailedRequests: 1000 },
  );

  it('has one case per check and objective', () => {
    expect(junitCases(met).map((c) => [c.name, c.outcome.kind])).to.deep.equal([
      ['steady state reached', 'pass'],
      ['detection', 'pass'],
      ['recovery', 'pass'],
      ['revert', 'pass'],
      ['objective ttd <= 30.0 s', 'pass'],
      ['objective ttr <= 1m 00s', 'pass'],
      ['objective max-failed-requests <= 1000 requests', 'pass'],
    ]);
  });

  it('carries failure and error messages', () => {
    const cases = junitCases(missed);
    expect(cases.find((c) => c.name === 'objective ttd <= 4.0 s')?.outcome).to.deep.equal({
      kind: 'failure',
      message: '5.0 s: IstiodDown fired 5000 ms after injection, over the limit of 4000 ms',
    });
    expect(cases.find((c) => c.name === 'revert')?.outcome).to.deep.equal({
      kind: 'error',
      message: 'revert failed — delete AuthorizationPolicy <deny> & co: forbidden "x"',
    });
    const xml = renderRunJUnit(missed);
    expect(xml).to.contain('message="revert failed — delete AuthorizationPolicy &lt;deny&gt; &amp; co: forbidden &quot;x&quot;"');
    expect(xml).to.contain('tests="7" failures="1" errors="1" skipped="0"');
  });

  it('skips detection and recovery when nothing was injected', () => {
    const r = resultFrom(timeline(seconds('oooxoooxooo')));
    expect(
      junitCases(r)
        .slice(0, 3)
        .map((c) => c.outcome.kind),
    ).to.deep.equal(['failure', 'skipped', 'skipped']);
    expect(r.tInjectMs).to.equal(null);
  });

  it('is well-formed XML, with every name escaped', () => {
    for (const xml of [renderRunJUnit(met), renderRunJUnit(missed), renderSuiteJUnit([met, missed])]) assertWellFormedXml(xml);
    expect(renderRunJUnit(met)).to.contain('<testsuite name="istiod &lt;oom&gt; &amp; &quot;friends&quot;"');
  });

  it('renders a suite with one testsuite per run', () => {
    const xml = renderSuiteJUnit([met, missed], 'nightly');
    expect(xml.match(/<testsuite /g)).to.have.length(2);
    expect(xml).to.contain('<testsuites name="nightly" tests="14" failures="1" errors="1" skipped="0">');
  });

  it('the strict checker rejects what it should', () => {
    expect(() => assertWellFormedXml('<a><b></a></b>')).to.throw();
    expect(() => assertWellFormedXml('<a x="1 & 2"/>')).to.throw();
    expect(() => assertWellFormedXml('<a>1 < 2</a>')).to.throw();
    expect(() => assertWellFormedXml('<a/><b/>')).to.throw();
    expect(escapeXml('a\u0000b<&>"\'')).to.equal('ab&lt;&amp;&gt;&quot;&apos;');
  });
});
