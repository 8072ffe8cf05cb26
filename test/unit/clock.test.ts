import { expect } from 'chai';
import { ScaledClock, VirtualClock } from '../../src/clock.js';

describe('ScaledClock', () => {
  it('runs scenario time `scale` times faster than the clock under it', async () => {
    const wall = new VirtualClock(1_000_000);
    const story = new ScaledClock(wall, 60);
    let woke: number | null = null;
    void story.sleep(8 * 60_000).then(() => (woke = wall.now()));
    await wall.advance(7_999);
    expect(woke).to.equal(null);
    await wall.advance(1);
    expect(woke).to.equal(1_008_000);
    expect(story.now()).to.equal(1_000_000 + 8 * 60_000);
    expect(story.toInner(story.now())).to.equal(wall.now());
  });

  it('is the clock itself at scale 1, and refuses a scale that is not positive', () => {
    const wall = new VirtualClock(5);
    expect(new ScaledClock(wall, 1).now()).to.equal(5);
    expect(() => new ScaledClock(wall, 0)).to.throw(/positive/);
  });
});
