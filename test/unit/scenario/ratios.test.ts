import { expect } from 'chai';
import { parseRatio } from '../../../src/scenario/ratios.js';

describe('scenario/ratios', () => {
  const value = (input: unknown): number => {
    const p = parseRatio(input);
    if (!p.ok) throw new Error(p.message);
    return p.value;
  };
  const problem = (input: unknown): string => {
    const p = parseRatio(input);
    if (p.ok) throw new Error(`parsed as ${p.value}`);
    return p.message;
  };

  it('reads percentages and ratios as the same number', () => {
    expect(value('99.5%')).to.equal(0.995);
    expect(value(0.995)).to.equal(0.995);
    expect(value('0.995')).to.equal(0.995);
    expect(value('99.9%')).to.equal(0.999);
    expect(value('100%')).to.equal(1);
    expect(value(0)).to.equal(0);
    expect(value('50 %')).to.equal(0.5);
  });

  it('refuses a number above 1 instead of guessing it is a percentage', () => {
    expect(problem(99.5)).to.contain('write 99.5% for a percentage');
    expect(problem('150%')).to.contain('more than 100%');
    expect(problem('-1%')).to.contain('negative');
    expect(problem('high')).to.contain('not a percentage');
    expect(problem(null)).to.contain('expected a percentage');
  });
});
