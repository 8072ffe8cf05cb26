import { expect } from 'chai';
import { BoundedLog } from '../../../../src/targets/sim/model/bounded-log.js';

describe('sim model: bounded log', () => {
  it('gives the newest max items, oldest first, after every append', () => {
    const log = new BoundedLog<number>(8);
    for (let i = 1; i <= 30; i++) {
      log.push(i);
      const from = Math.max(1, i - 7);
      expect(log.recent()).to.deep.equal(Array.from({ length: i - from + 1 }, (_, k) => from + k));
    }
    log.clear();
    expect(log.recent()).to.deep.equal([]);
  });
});
