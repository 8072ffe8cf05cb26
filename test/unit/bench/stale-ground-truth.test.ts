import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { baselineRuleFiles } from '../../../src/observe/local-observers.js';
import { readAlertRules } from '../../../src/observe/rule-files.js';
import type { ProxyStatusCount } from '../../../src/targets/sim/model/readings.js';
import { parseStaleRule, StaleGroundTruth } from '../../../bench/stale-ground-truth.js';

const row = (revision: string, synced: number, stale: number): ProxyStatusCount =>
  ({ revision, overall: { synced, stale, notSent: 0 } }) as ProxyStatusCount;

describe('bench: ProxiesStale ground truth on the model’s proxy-status counts', () => {
  it('reads the threshold and for of the baseline rule, and refuses a rule of another shape', () => {
    const r = readAlertRules(baselineRuleFiles()).find((x) => x.alert === 'ProxiesStale')!;
    expect(parseStaleRule(r.expr, r.forMs)).to.deep.equal({ threshold: 0.05, forMs: 60_000 });
    expect(() => parseStaleRule('sum(gameday_proxy_status{status="STALE"}) > 3', 0)).to.throw(/no longer reads/);
  });

  it('finds the first instant the share stayed above the threshold through for, not a shorter spell before it', async () => {
    const clock = new WallClock();
    const t0 = clock.now();
    // 10% STALE on `stable` during [40, 80) ms (too short for a for of 100 ms), and from 150 ms on.
    const counts = (): ProxyStatusCount[] => {
      const t = clock.now() - t0;
      const stale = (t >= 40 && t < 80) || t >= 150 ? 10 : 0;
      return [row('stable', 100 - stale, stale), row('canary', 0, 0)];
    };
    const truth = new StaleGroundTruth({ threshold: 0.05, forMs: 100 }, counts, clock, 5);
    truth.start();
    await clock.sleep(400);
    truth.stop();
    const held = truth.conditionHeldFrom(t0)!;
    expect(held.revision).to.equal('stable');
    expect(held.at - t0).to.be.within(150, 150 + truth.maxGapMs);
    expect(held.lateByMs).to.be.within(0, truth.maxGapMs);
    expect(truth.conditionHeldFrom(t0 + 1_000)).to.equal(null);
  });
});
