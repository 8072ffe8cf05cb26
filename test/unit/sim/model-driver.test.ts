import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { ModelDriver } from '../../../src/targets/sim/model-driver.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { FakeMeshModel } from './fake-mesh-model.js';

describe('sim model time and driver', () => {
  it('maps clock and model time both ways at the time scale', () => {
    const t = new ModelTime(1_000, 50_000, 4);
    expect(t.toModel(2_000)).to.equal(54_000);
    expect(t.toWall(54_000)).to.equal(2_000);
    expect(t.wallDuration(8_000)).to.equal(2_000);
    expect(() => new ModelTime(0, 0, 0)).to.throw(/positive/);
  });

  it('advances the model every tick to the clock’s present, and stops', async () => {
    const clock = new VirtualClock(10_000);
    const model = new FakeMeshModel(500_000);
    const driver = new ModelDriver(model, new ModelTime(10_000, 500_000, 3), clock, 50);
    driver.start();
    await clock.advance(1_000);
    expect(model.now()).to.equal(503_000);
    const stats = driver.tickStats();
    expect(stats.ticks).to.equal(20);
    expect(stats.recentStartedAt).to.have.length(20);
    expect(stats.recentStartedAt.every((t, i) => i === 0 || t >= stats.recentStartedAt[i - 1]!)).to.equal(true);
    await driver.stop();
    await clock.advance(1_000);
    expect(model.now()).to.equal(503_000);
  });

  it('keeps ticking after a tick throws, and reports it', async () => {
    const clock = new VirtualClock(0);
    const model = new FakeMeshModel(0);
    let calls = 0;
    const failing = {
      now: () => model.now(),
      advance: (to: number) =>
        ++calls === 1
          ? (() => {
              throw new Error('boom');
            })()
          : model.advance(to),
    };
    const errors: unknown[] = [];
    const driver = new ModelDriver(failing, new ModelTime(0, 0, 1), clock, 100, (e) => errors.push(e));
    driver.start();
    await clock.advance(300);
    await driver.stop();
    expect(errors).to.have.length(1);
    expect(model.now()).to.equal(300);
  });
});
