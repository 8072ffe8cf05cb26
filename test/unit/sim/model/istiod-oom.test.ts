import { expect } from 'chai';
import { defaultTopology } from '../../../../src/targets/sim/model/topology.js';
import { ISTIOD, MiB, istiodPods, newModel, run, share } from './support.js';

describe('sim model: istiod OOM under a lowered limit', () => {
  it('default strategy: the new pod OOM-loops while the old one keeps serving', () => {
    const m = newModel();
    const [old] = istiodPods(m);
    m.apply({ op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB });
    run(m, 180_000);
    const pods = istiodPods(m);
    expect(pods).to.have.length(2);
    const oldNow = pods.find((p) => p.pod === old!.pod)!;
    const fresh = pods.find((p) => p.pod !== old!.pod)!;
    expect(oldNow.ready, 'old istiod still ready').to.equal(true);
    expect(oldNow.containers[0]!.restarts).to.equal(0);
    const c = fresh.containers[0]!;
    expect(c.restarts).to.be.greaterThan(1);
    expect(c.lastTerminatedReason).to.equal('OOMKilled');
    expect(c.lastTerminatedExitCode).to.equal(137);
    expect(fresh.ready).to.equal(false);
    expect(m.events().some((e) => e.reason === 'OOMKilled' && e.object.endsWith(fresh.pod))).to.equal(true);
    // Proxies stay on the old pod and the mesh keeps serving.
    expect(m.snapshot().proxies.every((p) => p.istiod === old!.pod)).to.equal(true);
    expect(share(m, 200)).to.equal(1);
  });

  it('Recreate: the serving istiod goes away, the new one crash-loops, running proxies keep serving', () => {
    const m = newModel();
    m.apply({ op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'Recreate' } });
    m.apply({ op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB });
    run(m, 120_000);
    const pods = istiodPods(m);
    expect(pods).to.have.length(1);
    const c = pods[0]!.containers[0]!;
    expect(c.restarts).to.be.greaterThan(2);
    expect(c.lastTerminatedReason).to.equal('OOMKilled');
    expect(m.snapshot().revisions[0]!.readyReplicas).to.equal(0);
    expect(m.deployments().find((d) => d.deployment === 'istiod-1-12-0')!.availableReplicas).to.equal(0);
    expect(m.snapshot().proxies.every((p) => p.istiod === null)).to.equal(true);
    const waiting = new Set<string>();
    for (let i = 0; i < 300; i++) {
      run(m, 1_000);
      const w = istiodPods(m)[0]!.containers[0]!.waitingReason;
      if (w) waiting.add(w);
    }
    expect([...waiting]).to.include('CrashLoopBackOff');
    expect(share(m, 200)).to.equal(1);
  });

  it('maxUnavailable 1 also takes the serving pod away', () => {
    const m = newModel();
    m.apply({ op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'RollingUpdate', maxSurge: '100%', maxUnavailable: '1' } });
    m.apply({ op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB });
    run(m, 60_000);
    expect(istiodPods(m)).to.have.length(1);
    expect(m.snapshot().revisions[0]!.readyReplicas).to.equal(0);
  });

  it('CrashLoopBackOff: restart at once, then 10 s doubling to 300 s', () => {
    const m = newModel();
    m.apply({ op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'Recreate' } });
    m.apply({ op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB });
    run(m, 1_500_000);
    const pod = istiodPods(m)[0]!.pod;
    const evs = m.events().filter((e) => e.object.endsWith(pod));
    const gaps: number[] = [];
    let killedAt: number | null = null;
    for (const e of evs) {
      if (e.reason === 'OOMKilled') killedAt = e.at;
      else if (e.reason === 'Started' && killedAt !== null) {
        gaps.push(e.at - killedAt);
        killedAt = null;
      }
    }
    // The first restart is immediate (within one 100 ms step), then the back-off applies.
    expect(gaps[0]).to.be.at.most(m.params.stepMs);
    expect(gaps.slice(1, 8)).to.deep.equal([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(evs.some((e) => e.reason === 'BackOff')).to.equal(true);
  });

  it('a version needing 40% more memory OOMs under a limit the old version fits', () => {
    const limit = 128 * MiB;
    const same = newModel();
    same.apply({ op: 'install-revision', revision: '1-12-0', version: '1.12.0', replicas: 1, memoryLimitBytes: limit });
    run(same, 180_000);
    const s = istiodPods(same);
    expect(s).to.have.length(1);
    expect(s[0]!.containers[0]!.restarts).to.equal(0);
    expect(s[0]!.ready).to.equal(true);

    const upgraded = newModel();
    upgraded.apply({ op: 'install-revision', revision: '1-12-0', version: '1.13.0', replicas: 1, memoryLimitBytes: limit });
    run(upgraded, 180_000);
    const u = istiodPods(upgraded);
    const fresh = u.find((p) => p.containers[0]!.image.endsWith(':1.13.0'))!;
    expect(fresh.containers[0]!.lastTerminatedReason).to.equal('OOMKilled');
    expect(fresh.containers[0]!.restarts).to.be.greaterThan(0);
    // With the chart's strategy the 1.12 pod is still there and serving.
    expect(u.some((p) => p.containers[0]!.image.endsWith(':1.12.0') && p.ready)).to.equal(true);
  });

  it('memory grows with connected proxies, and the version profile is a parameter', () => {
    const a = newModel();
    const b = newModel({ params: { versions: { '1.12': { istiodMemoryFactor: 2, proxyPairOverheadMs: 1.2 } } } });
    const wa = a.istiodMemory()[0]!.workingSetBytes;
    const wb = b.istiodMemory()[0]!.workingSetBytes;
    expect(wb).to.be.greaterThan(wa * 1.5);
    // The same mesh with 500 more proxies connected (workloads outside the modelled call graph).
    const loaded = newModel({ topology: { ...defaultTopology(), synthetic: { proxies: 500, configObjects: 0 } } });
    run(loaded, 60_000);
    expect(loaded.istiodMemory()[0]!.workingSetBytes).to.be.greaterThan(wa + 200 * MiB);
    expect(loaded.pilot()[0]!.xdsConnections).to.be.greaterThan(500);
  });
});
