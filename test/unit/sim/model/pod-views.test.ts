import { expect } from 'chai';
import { renderDeployments } from '../../../../src/targets/sim/views/deployments-view.js';
import { renderPods } from '../../../../src/targets/sim/views/pods-view.js';
import { ISTIOD, newModel, podsOf, run, T0 } from './support.js';

const PAYMENTS = { namespace: 'payments', name: 'payments-api' };

describe('sim model: per-container readiness and Deployment age in the views', () => {
  it('a sidecar that never got config is the one unready container: READY 1/2, Running', () => {
    const m = newModel();
    const before = new Set(podsOf(m, 'payments', 'payments-api').map((p) => p.pod));
    m.apply({ op: 'scale', workload: PAYMENTS, replicas: before.size + 1 });
    run(m, 100);
    // Admitted (and injected) while istiod was ready; istiod goes before the sidecar can connect.
    const fresh = podsOf(m, 'payments', 'payments-api').find((p) => !before.has(p.pod))!;
    expect(fresh.revision).to.equal('1-12-0');
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 60_000);

    const snap = m.snapshot();
    const pod = snap.pods.find((p) => p.name === fresh.pod)!;
    expect(pod.ready).to.equal(false);
    expect(pod.containers.map((c) => [c.name, c.status.state, c.ready])).to.deep.equal([
      ['app', 'running', true],
      ['istio-proxy', 'running', false],
    ]);
    const line = renderPods(snap)
      .split('\n')
      .find((l) => l.includes(fresh.pod))!;
    expect(line).to.match(/^payments\s+payments-api-\S+\s+1\/2\s+Running\s+0\s+60s$/);
    // Pods that had their config keep it without istiod: still 2/2.
    for (const name of before)
      expect(
        renderPods(snap)
          .split('\n')
          .find((l) => l.includes(name)),
      ).to.match(/\s2\/2\s+Running\s/);
    // kube-state-metrics reads the same readiness.
    const ksm = m.pods().find((p) => p.pod === fresh.pod)!;
    expect(ksm.containers.map((c) => c.ready)).to.deep.equal([true, false]);
  });

  it('a crash-looping app beside a configured sidecar: READY 1/2, the sidecar being the ready one', () => {
    const m = newModel();
    const before = new Set(podsOf(m, 'payments', 'payments-api').map((p) => p.pod));
    m.apply({ op: 'set-memory-limit', workload: PAYMENTS, container: 'app', limitBytes: 2 ** 20 });
    run(m, 90_000);
    const snap = m.snapshot();
    const pod = snap.pods.find((p) => p.namespace === 'payments' && p.workload === 'payments-api' && !before.has(p.name))!;
    expect(pod.containers.map((c) => [c.name, c.ready])).to.deep.equal([
      ['app', false],
      ['istio-proxy', true],
    ]);
    const line = renderPods(snap)
      .split('\n')
      .find((l) => l.includes(pod.name))!;
    expect(line).to.match(/\s1\/2\s+(CrashLoopBackOff|OOMKilled)\s/);
  });

  it('a pod is Ready exactly when all its containers are, step by step through a rollout', () => {
    const m = newModel();
    m.apply({ op: 'rollout-restart', workload: PAYMENTS });
    m.apply({ op: 'rollout-restart', workload: ISTIOD });
    let sawMixed = false;
    for (let i = 0; i < 600; i++) {
      run(m, 100);
      for (const p of m.snapshot().pods) {
        const ready = p.containers.map((c) => c.ready);
        expect(p.ready, `${p.name} at step ${i}`).to.equal(ready.every(Boolean));
        if (ready.includes(true) && ready.includes(false)) sawMixed = true;
      }
    }
    expect(sawMixed, 'some pod had one container ready and one not').to.equal(true);
  });

  it('AGE of a Deployment is its own, not its oldest pod’s', () => {
    const m = newModel();
    m.apply({ op: 'rollout-restart', workload: PAYMENTS });
    run(m, 120_000);
    const snap = m.snapshot();
    const d = snap.deployments.find((x) => x.namespace === 'payments' && x.name === 'payments-api')!;
    // Built with the mesh, at the start of the 300 s warm-up.
    expect(d.createdAt).to.equal(T0 - 300_000);
    expect(
      Math.min(...snap.pods.filter((p) => p.namespace === 'payments' && p.workload === 'payments-api').map((p) => p.createdAt)),
    ).to.be.greaterThan(T0);
    expect(renderDeployments(snap)).to.match(/\npayments\s+payments-api\s+\d+\/\d+\s+\d+\s+\d+\s+7m\b/);
  });
});
