import { expect } from 'chai';
import type { Operation } from '../../../../src/targets/operations.js';
import { ISTIOD, MiB, newModel, run, stateDigest } from './support.js';

function scenario(seed: number): { digest: string; snapshot: string; events: number; outcomes: string } {
  const m = newModel({ seed });
  const ops: Operation[] = [
    { op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'Recreate' } },
    { op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB },
    { op: 'delete-pods', namespace: 'payments', count: 1 },
  ];
  const outcomes: number[] = [];
  for (const op of ops) {
    m.apply(op);
    run(m, 20_000);
    for (let i = 0; i < 10; i++) outcomes.push(m.handleRequest({ path: '/', method: 'GET' }).latencyMs);
  }
  return { digest: stateDigest(m), snapshot: JSON.stringify(m.snapshot()), events: m.events().length, outcomes: JSON.stringify(outcomes) };
}

describe('sim model: determinism', () => {
  it('the same seed and the same calls give the same state', () => {
    const a = scenario(7);
    const b = scenario(7);
    expect(a.digest).to.equal(b.digest);
    expect(a.snapshot).to.equal(b.snapshot);
    expect(a.events).to.equal(b.events);
    expect(a.outcomes).to.equal(b.outcomes);
  });

  it('another seed gives another run (pod names, picks), with the same configuration digest', () => {
    const a = scenario(7);
    const c = scenario(8);
    expect(a.digest).to.equal(c.digest);
    expect(a.snapshot).to.not.equal(c.snapshot);
  });

  it('the digest ignores pod names and counters but sees configuration', () => {
    const m = newModel();
    const d0 = stateDigest(m);
    run(m, 60_000);
    m.handleRequest({ path: '/', method: 'GET' });
    expect(stateDigest(m)).to.equal(d0);
    m.apply({ op: 'set-cert-ttl', ttlMs: 60_000 });
    expect(stateDigest(m)).to.not.equal(d0);
  });

  it('never goes back in time', () => {
    const m = newModel();
    expect(() => m.advance(m.now() - 1)).to.throw(/cannot go back/);
  });
});
