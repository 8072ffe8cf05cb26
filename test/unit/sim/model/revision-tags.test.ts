import { expect } from 'chai';
import { get, newModel, podsOf, run } from './support.js';

describe('sim model: revisions and tags', () => {
  it('moving a tag redirects NEW pods only; existing pods keep their revision', () => {
    const m = newModel();
    m.apply({ op: 'install-revision', revision: '1-13-0', version: '1.13.0', replicas: 1, memoryLimitBytes: null });
    run(m, 30_000);
    expect(m.snapshot().revisions.find((r) => r.revision === '1-13-0')!.readyReplicas).to.equal(1);
    m.apply({ op: 'set-revision-tag', tag: 'stable', revision: '1-13-0' });
    expect(m.snapshot().namespaces.find((n) => n.name === 'payments')!.injectionRevision).to.equal('1-13-0');
    const before = podsOf(m, 'payments', 'payments-api');
    expect(before.every((p) => p.revision === '1-12-0')).to.equal(true);

    m.apply({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 3 });
    run(m, 60_000);
    const after = podsOf(m, 'payments', 'payments-api');
    expect(after.filter((p) => p.revision === '1-12-0').map((p) => p.pod)).to.have.members(before.map((p) => p.pod));
    const fresh = after.find((p) => p.revision === '1-13-0')!;
    expect(fresh.containers.find((c) => c.container === 'istio-proxy')!.image).to.equal('docker.io/istio/proxyv2:1.13.0');
    expect(fresh.ready).to.equal(true);
    const row = m.snapshot().proxies.find((p) => p.name.startsWith(fresh.pod))!;
    expect(row.istiod).to.match(/^istiod-1-13-0-/);
    expect(row.version).to.equal('1.13.0');
    // The 1.13 proxy image was not cached: pulled from the registry.
    expect(m.events().some((e) => e.reason === 'Pulled' && e.message.includes('proxyv2:1.13.0'))).to.equal(true);
    expect(get(m).status).to.equal(200);
  });

  it('istio-injection=enabled wins over istio.io/rev and follows the default tag', () => {
    const m = newModel();
    m.apply({ op: 'install-revision', revision: '1-13-0', version: '1.13.0', replicas: 1, memoryLimitBytes: null });
    m.apply({ op: 'set-revision-tag', tag: 'canary', revision: '1-13-0' });
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'canary' });
    expect(m.snapshot().namespaces.find((n) => n.name === 'staging')!.injectionRevision).to.equal('1-13-0');
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'canary', injection: true });
    expect(m.snapshot().namespaces.find((n) => n.name === 'staging')!.injectionRevision).to.equal('1-12-0');
  });

  it('istio-injection=disabled turns injection off whatever istio.io/rev says, and false removes it', () => {
    const m = newModel();
    const staging = () => m.snapshot().namespaces.find((n) => n.name === 'staging')!;
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: 'disabled' });
    expect(staging().labels).to.deep.equal({ 'istio.io/rev': 'stable', 'istio-injection': 'disabled' });
    expect(staging().injectionRevision).to.equal(null);
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: false });
    expect(staging().labels).to.deep.equal({ 'istio.io/rev': 'stable' });
    expect(staging().injectionRevision).to.equal('1-12-0');
  });

  it('a canary revision that OOMs only hurts the namespaces labelled for it', () => {
    const m = newModel();
    m.apply({ op: 'install-revision', revision: '1-13-0', version: '1.13.0', replicas: 1, memoryLimitBytes: 100 * 2 ** 20 });
    m.apply({ op: 'set-revision-tag', tag: 'canary', revision: '1-13-0' });
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'canary' });
    for (const name of ['frontend', 'profile', 'orders-api', 'payments-api']) m.apply({ op: 'rollout-restart', workload: { namespace: 'staging', name } });
    run(m, 120_000);
    expect(get(m).status).to.equal(200);
    expect(m.snapshot().deployments.find((d) => d.namespace === 'staging' && d.name === 'frontend')!.condition).to.match(/FailedCreate/);
    // The old staging pods keep serving until new ones are ready, which they never become.
    expect(get(m, '/staging/').status).to.equal(200);
  });
});
