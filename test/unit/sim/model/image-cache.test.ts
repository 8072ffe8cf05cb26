import { expect } from 'chai';
import { ISTIOD, istiodPods, newModel, run } from './support.js';

const PILOT = 'docker.io/istio/pilot:1.12.0';

function evictAndRestart(m: ReturnType<typeof newModel>): void {
  m.apply({ op: 'evict-image', image: PILOT });
  m.apply({ op: 'rollout-restart', workload: ISTIOD });
}

function newIstiod(m: ReturnType<typeof newModel>, oldPod: string) {
  return istiodPods(m).find((p) => p.pod !== oldPod);
}

describe('sim model: node image caches and the registry', () => {
  it('slow registry: the pull takes the delay, then the cache holds the image again', () => {
    const m = newModel();
    const old = istiodPods(m)[0]!.pod;
    m.apply({ op: 'set-registry', reachable: true, pullDelayMs: 60_000 });
    evictAndRestart(m);
    expect(m.snapshot().nodes.every((n) => !n.images.includes(PILOT))).to.equal(true);
    run(m, 50_000);
    const waiting = newIstiod(m, old)!;
    expect(waiting.containers[0]!.running).to.equal(false);
    expect(waiting.containers[0]!.waitingReason).to.equal('ContainerCreating');
    run(m, 30_000);
    const pulled = m.events().find((e) => e.reason === 'Pulled' && e.message.includes(PILOT))!;
    expect(pulled.message).to.match(/in 60\.0s/);
    expect(istiodPods(m).some((p) => p.pod !== old && p.containers[0]!.running)).to.equal(true);
    expect(m.snapshot().nodes.filter((n) => n.images.includes(PILOT))).to.have.length(1);
  });

  it('unreachable registry: ErrImagePull then ImagePullBackOff 10 s doubling; restored: the pull succeeds', () => {
    const m = newModel();
    const old = istiodPods(m)[0]!.pod;
    m.apply({ op: 'set-registry', reachable: false, pullDelayMs: 5_000 });
    evictAndRestart(m);
    const reasons = new Set<string>();
    for (let i = 0; i < 100; i++) {
      run(m, 1_000);
      const r = newIstiod(m, old)?.containers[0]!.waitingReason;
      if (r) reasons.add(r);
    }
    expect([...reasons]).to.include.members(['ErrImagePull', 'ImagePullBackOff']);
    const pod = newIstiod(m, old)!.pod;
    const fails = m.events().filter((e) => e.reason === 'ErrImagePull' && e.object.endsWith(pod)).map((e) => e.at);
    const gaps = fails.slice(1).map((t, i) => t - fails[i]!);
    // Each retry waits the back-off, then the failed pull itself takes pullFailMs.
    const failMs = m.params.pullFailMs;
    expect(gaps.slice(0, 3)).to.deep.equal([10_000 + failMs, 20_000 + failMs, 40_000 + failMs]);
    // The old istiod kept serving all along (default strategy).
    expect(istiodPods(m).find((p) => p.pod === old)!.ready).to.equal(true);

    m.apply({ op: 'set-registry', reachable: true, pullDelayMs: 5_000 });
    run(m, 200_000);
    expect(istiodPods(m)).to.have.length(1);
    expect(istiodPods(m)[0]!.pod).to.equal(pod);
    expect(istiodPods(m)[0]!.ready).to.equal(true);
    expect(m.snapshot().nodes.some((n) => n.images.includes(PILOT))).to.equal(true);
  });

  it('eviction alone changes nothing for running containers', () => {
    const m = newModel();
    m.apply({ op: 'evict-image', image: PILOT });
    run(m, 60_000);
    expect(istiodPods(m)[0]!.containers[0]!.running).to.equal(true);
    expect(m.snapshot().nodes.every((n) => !n.images.includes(PILOT))).to.equal(true);
  });
});
