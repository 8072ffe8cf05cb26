import { expect } from 'chai';
import { firingInstant, resolvedInstant, tickAtOrBefore } from '../../../src/observe/firing-instant.js';

describe('firing and resolution instants', () => {
  const activeAt = 1_000_123; // evaluation ticks sit at …123 on a 1 s grid

  it('fires at activeAt + for when for is a whole number of intervals', () => {
    expect(firingInstant(activeAt, 2000, 1000)).to.equal(activeAt + 2000);
    expect(firingInstant(activeAt, 0, 1000)).to.equal(activeAt);
  });

  it('rounds activeAt + for up to the next evaluation tick', () => {
    expect(firingInstant(activeAt, 2500, 1000)).to.equal(activeAt + 3000);
    expect(firingInstant(activeAt, 30_000, 15_000)).to.equal(activeAt + 30_000);
    expect(firingInstant(activeAt, 40_000, 15_000)).to.equal(activeAt + 45_000);
  });

  it('finds the tick of an evaluation from its wall-clock start', () => {
    expect(tickAtOrBefore(activeAt + 5000 + 7, activeAt, 1000)).to.equal(activeAt + 5000);
    expect(tickAtOrBefore(activeAt + 4999, activeAt, 1000)).to.equal(activeAt + 4000);
  });

  it('resolves at the tick of the last evaluation, never after now', () => {
    expect(resolvedInstant(activeAt, activeAt + 9000 + 4, 1000, activeAt + 9300)).to.equal(activeAt + 9000);
    expect(resolvedInstant(activeAt, null, 1000, 42)).to.equal(42);
    expect(resolvedInstant(activeAt, activeAt + 9000, 1000, activeAt + 8000)).to.equal(activeAt + 8000);
  });
});
