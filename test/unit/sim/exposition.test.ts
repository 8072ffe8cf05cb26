import { expect } from 'chai';
import { Exposition, escapeLabelValue, formatValue, joinLabels, labelBody } from '../../../src/targets/sim/exposition.js';
import { parseExposition } from './parse-exposition.js';

describe('sim exposition', () => {
  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).to.equal('a\\\\b\\"c\\nd');
    expect(labelBody({ x: 'say "hi"', y: '' })).to.equal('x="say \\"hi\\"",y=""');
  });

  it('formats values the way Go clients do', () => {
    expect(formatValue(3)).to.equal('3');
    expect(formatValue(0.25)).to.equal('0.25');
    expect(formatValue(Infinity)).to.equal('+Inf');
    expect(formatValue(-Infinity)).to.equal('-Inf');
    expect(formatValue(NaN)).to.equal('NaN');
  });

  it('joins label bodies, either of which may be empty', () => {
    expect(joinLabels('', 'a="1"')).to.equal('a="1"');
    expect(joinLabels('a="1"', '')).to.equal('a="1"');
    expect(joinLabels('a="1"', 'b="2"')).to.equal('a="1",b="2"');
  });

  it('writes HELP and TYPE before the samples, and escapes HELP', () => {
    const out = new Exposition().family('pilot_xds_pushes', 'counter', 'line one\nline two').sample('pilot_xds_pushes', 'type="cds"', 4);
    expect(out.toString()).to.equal(
      '# HELP pilot_xds_pushes line one\\nline two\n# TYPE pilot_xds_pushes counter\npilot_xds_pushes{type="cds"} 4\n',
    );
  });

  it('refuses a family written twice in one exposition', () => {
    const out = new Exposition().family('a', 'gauge', 'A');
    expect(() => out.family('a', 'gauge', 'A')).to.throw(/twice/);
  });

  it('writes histograms with cumulative buckets, +Inf equal to the count, then sum and count', () => {
    const out = new Exposition().family('h', 'histogram', 'H');
    out.histogram('h', 'type="eds"', { bounds: [0.1, 1], counts: [2, 3], overflow: 1, sum: 4.5, count: 6 });
    expect(out.toString().split('\n').slice(2, -1)).to.deep.equal([
      'h_bucket{type="eds",le="0.1"} 2',
      'h_bucket{type="eds",le="1"} 5',
      'h_bucket{type="eds",le="+Inf"} 6',
      'h_sum{type="eds"} 4.5',
      'h_count{type="eds"} 6',
    ]);
    const unlabelled = new Exposition().family('g', 'histogram', 'G');
    unlabelled.histogram('g', '', { bounds: [1], counts: [0], overflow: 0, sum: 0, count: 0 });
    expect(unlabelled.toString()).to.contain('g_bucket{le="1"} 0\n').and.contain('g_sum 0\n');
  });

  it('round-trips through a parser', () => {
    const out = new Exposition()
      .family('m', 'gauge', 'M')
      .sample('m', labelBody({ pod: 'a"b' }), 1.5)
      .sample('m', '', 2);
    const parsed = parseExposition(out.toString());
    expect(parsed.get('m')?.samples).to.deep.equal([
      { name: 'm', labels: { pod: 'a"b' }, value: 1.5 },
      { name: 'm', labels: {}, value: 2 },
    ]);
  });
});
