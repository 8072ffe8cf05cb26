import { expect } from 'chai';
import { parseCpuMilli, parseMemory } from '../../../src/scenario/quantities.js';
import type { Parsed } from '../../../src/scenario/parsed.js';

const value = (p: Parsed<number>): number => {
  if (!p.ok) throw new Error(p.message);
  return p.value;
};
const problem = (p: Parsed<number>): string => {
  if (p.ok) throw new Error(`parsed as ${p.value}`);
  return p.message;
};

describe('scenario/quantities', () => {
  it('parses Kubernetes memory quantities to bytes', () => {
    expect(value(parseMemory('512Mi'))).to.equal(512 * 2 ** 20);
    expect(value(parseMemory('2Gi'))).to.equal(2 * 2 ** 30);
    expect(value(parseMemory('1G'))).to.equal(1e9);
    expect(value(parseMemory('1.5Gi'))).to.equal(1.5 * 2 ** 30);
    expect(value(parseMemory('128974848'))).to.equal(128_974_848);
    expect(value(parseMemory(128974848))).to.equal(128_974_848);
    expect(value(parseMemory('129e6'))).to.equal(129_000_000);
    // YAML reads 129e6 as a number.
    expect(value(parseMemory(129e6))).to.equal(129_000_000);
    expect(value(parseMemory('500k'))).to.equal(500_000);
    expect(value(parseMemory('1Ki'))).to.equal(1024);
  });

  it('says what was probably meant for units from other tools', () => {
    expect(problem(parseMemory('512MB'))).to.contain('did you mean 512Mi or 512M?');
    expect(problem(parseMemory('1GB'))).to.contain('did you mean 1Gi or 1G?');
    expect(problem(parseMemory('2GiB'))).to.contain('did you mean 2Gi?');
    expect(problem(parseMemory('500K'))).to.contain('did you mean 500Ki or 500k?');
    expect(problem(parseMemory('512m'))).to.contain('millibytes: did you mean 512Mi or 512M?');
    expect(problem(parseMemory('3X'))).to.contain('unknown unit "X"');
  });

  it('refuses negatives, empty text and other types', () => {
    expect(problem(parseMemory('-1Gi'))).to.contain('negative');
    expect(problem(parseMemory(-1))).to.contain('0 or more');
    expect(problem(parseMemory(''))).to.contain('empty');
    expect(problem(parseMemory('lots'))).to.contain('not a memory quantity');
    expect(problem(parseMemory(true))).to.contain('expected a memory quantity');
  });

  it('parses CPU as millicores or cores', () => {
    expect(value(parseCpuMilli('50m'))).to.equal(50);
    expect(value(parseCpuMilli(0.05))).to.equal(50);
    expect(value(parseCpuMilli('0.05'))).to.equal(50);
    expect(value(parseCpuMilli('2'))).to.equal(2000);
    expect(problem(parseCpuMilli('0m'))).to.contain('more than 0');
    expect(problem(parseCpuMilli('50 millicores'))).to.contain('not a CPU amount');
  });
});
