import { expect } from 'chai';
import { drawSession, parseWindow } from '../../../src/train/draw.js';

describe('train: the draw', () => {
  it('parses a window of two durations', () => {
    expect(parseWindow('2m..10m')).to.deep.equal({ fromMs: 120_000, toMs: 600_000 });
    expect(parseWindow('5s..5s')).to.deep.equal({ fromMs: 5000, toMs: 5000 });
  });

  it('refuses a window that is not two durations in order', () => {
    expect(() => parseWindow('10m')).to.throw('expected two durations like 2m..10m');
    expect(() => parseWindow('10m..2m')).to.throw('the end comes before the start');
    expect(() => parseWindow('2x..3m')).to.throw('expected two durations');
  });

  it('gives the same fault at the same instant for the same seed and pool', () => {
    const w = { fromMs: 120_000, toMs: 600_000 };
    expect(drawSession(9, 42, w)).to.deep.equal(drawSession(9, 42, w));
  });

  it('stays inside the pool and the window, and spreads over both', () => {
    const w = { fromMs: 5000, toMs: 10_000 };
    const draws = Array.from({ length: 400 }, (_, seed) => drawSession(9, seed, w));
    for (const d of draws) {
      expect(d.index).to.be.within(0, 8);
      expect(d.offsetMs).to.be.within(5000, 10_000);
    }
    expect(new Set(draws.map((d) => d.index)).size).to.equal(9);
    expect(Math.min(...draws.map((d) => d.offsetMs))).to.be.below(5500);
    expect(Math.max(...draws.map((d) => d.offsetMs))).to.be.above(9500);
  });

  it('refuses an empty pool', () => {
    expect(() => drawSession(0, 1, { fromMs: 0, toMs: 1 })).to.throw('no scenario');
  });
});
