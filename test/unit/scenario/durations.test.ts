import { expect } from 'chai';
import { formatDuration, parseDuration } from '../../../src/scenario/durations.js';

const value = (input: unknown): number => {
  const p = parseDuration(input);
  if (!p.ok) throw new Error(p.message);
  return p.value;
};
const problem = (input: unknown): string => {
  const p = parseDuration(input);
  if (p.ok) throw new Error(`${String(input)} parsed as ${p.value}`);
  return p.message;
};

describe('scenario/durations', () => {
  it('parses every unit and compound forms', () => {
    expect(value('500ms')).to.equal(500);
    expect(value('90s')).to.equal(90_000);
    expect(value('2m')).to.equal(120_000);
    expect(value('1h30m')).to.equal(5_400_000);
    expect(value('1.5h')).to.equal(5_400_000);
    expect(value('1m30s500ms')).to.equal(90_500);
    expect(value('0.5s')).to.equal(500);
  });

  it('accepts a bare zero, as a number or a string', () => {
    expect(value(0)).to.equal(0);
    expect(value('0')).to.equal(0);
    expect(value('0s')).to.equal(0);
  });

  it('refuses bare numbers other than 0, saying which units exist', () => {
    expect(problem(90)).to.contain('has no unit: write 90s or 90ms');
    expect(problem('90')).to.contain('90 has no unit');
  });

  it('refuses negatives, empty text and unknown units', () => {
    expect(problem('-5s')).to.contain('negative');
    expect(problem(-5)).to.contain('negative');
    expect(problem('')).to.contain('empty duration');
    expect(problem('  ')).to.contain('empty duration');
    expect(problem('5d')).to.contain('unknown unit "d" (units: ms, s, m, h)');
    expect(problem('40min')).to.contain('unknown unit "min" (did you mean 40m?)');
    expect(problem('10 seconds')).to.contain('without spaces');
    expect(problem('1h30')).to.contain('30 has no unit');
    expect(problem('abc')).to.contain('is not a duration');
    expect(problem(true)).to.contain('expected a duration like 90s');
    expect(problem(null)).to.contain('expected a duration');
  });

  it('formats back to the shortest exact spelling', () => {
    expect(formatDuration(0)).to.equal('0s');
    expect(formatDuration(500)).to.equal('500ms');
    expect(formatDuration(90_000)).to.equal('1m30s');
    expect(formatDuration(5_400_000)).to.equal('1h30m');
    expect(formatDuration(1500)).to.equal('1s500ms');
    for (const ms of [1, 999, 61_001, 7_200_000]) expect(value(formatDuration(ms))).to.equal(ms);
    expect(() => formatDuration(-1)).to.throw(RangeError);
  });
});
