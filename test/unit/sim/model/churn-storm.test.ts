import { expect } from 'chai';
import { defaultTopology, type TopologySpec } from '../../../../src/targets/sim/model/sim-model.js';
import { newModel, run } from './support.js';

const NAMESPACES = ['payments', 'orders', 'users'] as const;
const N = 100;

function bigMesh(): TopologySpec {
  const t = defaultTopology();
  for (let i = 0; i < N; i++) t.workloads.push({ namespace: NAMESPACES[i % 3]!, name: `svc-${i}`, replicas: 4 });
  return t;
}

function convergenceMean(m: ReturnType<typeof newModel>): number {
  const c = m.pilot()[0]!.convergence;
  return c.sum / c.count;
}

describe('sim model: pod churn storm', () => {
  it('floods the push queue: proxies go STALE and convergence time rises', () => {
    const m = newModel({ topology: bigMesh() });
    const steady = m.proxyStatusCounts()[0]!;
    expect(steady.staleProxies).to.equal(0);
    expect(steady.connected).to.equal(steady.proxies);
    const c0 = m.pilot()[0]!.convergence;
    run(m, 30_000);
    const quietMean = convergenceMean(m);

    // ~100 pod events/s: 50 deletions a second, each followed by a creation.
    let maxStale = 0;
    let k = 0;
    for (let step = 0; step < 600; step++) {
      for (let j = 0; j < 5; j++) {
        const i = (k++ * 37) % N;
        m.apply({ op: 'delete-pods', namespace: NAMESPACES[i % 3]!, selector: { app: `svc-${i}` }, count: 1 });
      }
      run(m, 100);
      const c = m.proxyStatusCounts()[0]!;
      maxStale = Math.max(maxStale, c.staleProxies / c.connected);
    }
    expect(maxStale).to.be.greaterThan(0.05);
    const p = m.pilot()[0]!;
    const stormMean = (p.convergence.sum - c0.sum) / (p.convergence.count - c0.count);
    expect(stormMean).to.be.greaterThan(quietMean * 1.5);
    expect(p.refusedStreams).to.be.greaterThan(0);
    expect(p.pushTriggers.endpoint).to.be.greaterThan(0);
  });
});
