import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { baselineRuleFiles } from '../../../src/observe/local-observers.js';
import type { ProxyStatusCount } from '../../../src/targets/sim/model/readings.js';
import { parseStaleRule, StaleGroundTruth, staleRuleOf } from '../../../bench/stale-ground-truth.js';

const row = (revision: string, synced: number, stale: number): ProxyStatusCount =>
  ({ revision, overall: { synced, stale, notSent: 0 } }) as ProxyStatusCount;

describe('bench: ProxiesStale ground truth on the model’s proxy-status counts', () => {
  it('reads the threshold and for of the baseline rule, and refuses a rule of another shape', () => {
    expect(staleRuleOf(baselineRuleFiles())).to.deep.equal({ threshold: 0.05, forMs: 60_000 });
    expect(() => parseStaleRule('sum(gameday_proxy_status{status="STALE"}) > 3', 0)).to.throw(/no longer reads/);
  });

  it('finds the first instant the share was above the threshold, and counts its falls back below', async () => {
    const clock = new WallClock();
    const t0 = clock.now();
    // 10% STALE on `stable` during [40, 80) ms and from 150 ms on; `canary` has no connected proxy.
    const counts = (): ProxyStatusCount[] => {
      const t = clock.now() - t0;
      const stale = (t >= 40 && t < 80) || t >= 150 ? 10 : 0;
      return [row('stable', 100 - stale, stale), row('canary', 0, 0)];
    };
    const truth = new StaleGroundTruth({ threshold: 0.05, forMs: 100 }, counts, clock, 5);
    truth.start();
    await clock.sleep(300);
    truth.stop();
    const held = truth.conditionFrom(t0)!;
    expect(held.revision).to.equal('stable');
    expect(held.at - t0).to.be.within(40, 40 + truth.maxGapMs);
    expect(held.lateByMs).to.be.within(0, truth.maxGapMs);
    expect(truth.fallsBetween('stable', held.at, t0 + 300)).to.equal(1);
    expect(truth.conditionFrom(t0 + 100)!.at - t0).to.be.within(150, 150 + truth.maxGapMs);
    expect(truth.conditionFrom(t0 + 1_000)).to.equal(null);
  });
});
