import { expect } from 'chai';
import { renderHtml, renderSuiteHtml } from '../../../src/report/html.js';
import { cleanRunEvents, resultFrom } from './fixtures.js';
import { assertWellFormedXml } from './xml-check.js';

describe('html report', () => {
  const events = cleanRunEvents();
  const r = resultFrom(events);
  const html = renderHtml(r, events);

  it('is self-contained: no URL, no script, no external resource', () => {
    expect(html).not.to.match(/https?:\/\//);
    expect(html).not.to.match(/\s(src|href)=/);
    expect(html).not.to.match(/<(script|link|img|iframe)\b/);
    expect(html).not.to.contain('@import');
  });

  it('has one inline, well-formed SVG chart', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).to.have.length(1);
    assertWellFormedXml(svgs[0]!);
  });

  it('draws success rate, p99, alert bands, markers and the TTD/TTR spans', () => {
    expect(html.match(/<path class="rate"/g)).to.have.length(1);
    expect(html.match(/<path class="p99"/g)).to.have.length(1);
    // IstiodDown pending once; both alerts firing once
    expect(html.match(/<rect class="pending"/g)).to.have.length(1);
    expect(html.match(/<rect class="firing"/g)).to.have.length(2);
    expect(html).to.contain('<title>TTD T+00:05</title>');
    expect(html).to.contain('<title>TTR T+00:12</title>');
    expect(html).to.contain('<title>inject oom</title>');
    expect(html).to.contain('<title>responder: move tag stable back</title>');
    expect(html).to.contain('<title>revert oom</title>');
  });

  it('escapes names and shows the tables', () => {
    expect(html).to.contain('<h1>GameDay: istiod &lt;oom&gt; &amp; &quot;friends&quot;</h1>');
    expect(html).to.contain('<td>Latency&lt;High&gt; &amp; &quot;bad&quot;</td><td>no</td>');
    expect(html).to.contain('<td>TTD</td><td>5.0 s</td>');
    expect(html).to.contain('<td>oom</td><td>istiod-oom</td><td>T+00:00</td><td>5.0 s</td><td>12.0 s</td><td>IstiodDown</td><td>ok</td>');
  });

  it('renders a suite page with a chart for each run that has a timeline', () => {
    const suite = renderSuiteHtml([{ result: r, events }, { result: r }], 'nightly');
    expect(suite).to.contain('<p>2 of 2 scenarios met their objectives.</p>');
    expect(suite).not.to.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(suite.match(/<tr><td>/g)).to.have.length(2);
    expect(suite.match(/<svg[\s\S]*?<\/svg>/g)).to.have.length(1);
    expect(suite).to.contain('<title>TTD T+00:05</title>');
  });
});
