import { expect } from 'chai';
import type { Operation } from '../../../../src/targets/operations.js';
import { defaultTopology, type SimModel } from '../../../../src/targets/sim/model/sim-model.js';
import { newModel, run, stateDigest } from './support.js';

const LOAD: Operation = { op: 'set-config-load', namespace: 'payments', serviceEntries: 1_000 };

function pilot(m: SimModel) {
  return m.pilot()[0]!;
}

function proxyWorkingSets(m: SimModel): number[] {
  return m
    .pods()
    .filter((p) => p.role === 'app')
    .map((p) => p.containers.find((c) => c.container === 'istio-proxy')!.memoryWorkingSetBytes);
}

describe('sim model: set-config-load (generated ServiceEntries)', () => {
  it('is a config change: one full push reaches every connected proxy', () => {
    const m = newModel();
    run(m, 30_000);
    const before = pilot(m);
    m.apply(LOAD);
    run(m, 30_000);
    const after = pilot(m);
    // Many objects, one debounced push.
    expect((after.pushTriggers.config ?? 0) - (before.pushTriggers.config ?? 0)).to.equal(1);
    expect((after.inboundUpdates.config ?? 0) - (before.inboundUpdates.config ?? 0)).to.equal(1_000);
    for (const t of ['cds', 'lds', 'rds', 'eds'])
      expect((after.pushes[t] ?? 0) - (before.pushes[t] ?? 0), t).to.be.at.least(after.xdsConnections);
    expect(after.services - before.services).to.equal(1_000);
    expect(m.proxyStatusCounts().every((r) => r.staleProxies === 0 && r.connected === r.proxies)).to.equal(true);
  });

  it('istiod memory rises by one service and one config object per ServiceEntry; sidecars hold a cluster each', () => {
    const m = newModel();
    run(m, 30_000);
    const heap0 = m.istiodMemory()[0]!.heapAllocBytes;
    const proxies0 = proxyWorkingSets(m);
    m.apply(LOAD);
    run(m, 30_000);
    const p = m.params;
    // No limit, version 1.12 (factor 1): the heap is live data × the garbage factor.
    const expected = 1_000 * (p.istiodPerServiceBytes + p.istiodPerConfigBytes) * p.istiodGarbageFactor;
    expect(m.istiodMemory()[0]!.heapAllocBytes - heap0).to.be.closeTo(expected, 2);
    proxyWorkingSets(m).forEach((ws, i) => expect(ws - proxies0[i]!).to.be.closeTo(1_000 * p.proxyPerServiceBytes, 2));
  });

  it('the inverse is the previous count and restores the digest and the memory', () => {
    const m = newModel();
    run(m, 30_000);
    const digest = stateDigest(m);
    const heap0 = m.istiodMemory()[0]!.heapAllocBytes;
    const inv = m.inverse(LOAD);
    expect(inv).to.deep.equal({ op: 'set-config-load', namespace: 'payments', serviceEntries: 0 });
    m.apply(LOAD);
    expect(m.comparableState().configLoad).to.deep.equal({ payments: 1_000 });
    expect(m.inverse({ ...LOAD, serviceEntries: 10 })).to.deep.equal(LOAD);
    run(m, 30_000);
    const triggers = pilot(m).pushTriggers.config ?? 0;
    expect(m.apply(inv!).summary).to.match(/1000 → 0 \(1000 deleted\)/);
    run(m, 30_000);
    expect(stateDigest(m)).to.equal(digest);
    expect(m.comparableState().configLoad).to.deep.equal({});
    expect(pilot(m).pushTriggers.config, 'deleting is a config change too').to.equal(triggers + 1);
    expect(m.istiodMemory()[0]!.heapAllocBytes).to.equal(heap0);
  });

  it('setting the count it already has changes nothing and pushes nothing', () => {
    const m = newModel();
    m.apply(LOAD);
    run(m, 30_000);
    const triggers = pilot(m).pushTriggers.config;
    expect(m.apply(LOAD).summary).to.match(/unchanged/);
    run(m, 30_000);
    expect(pilot(m).pushTriggers.config).to.equal(triggers);
  });

  it('counts per namespace, and refuses a missing namespace or a bad count', () => {
    const m = newModel();
    m.apply(LOAD);
    m.apply({ op: 'set-config-load', namespace: 'orders', serviceEntries: 5 });
    m.apply({ op: 'set-config-load', namespace: 'payments', serviceEntries: 3 });
    expect(m.comparableState().configLoad).to.deep.equal({ orders: 5, payments: 3 });
    expect(() => m.apply({ op: 'set-config-load', namespace: 'nope', serviceEntries: 1 })).to.throw(/namespace nope not found/);
    expect(m.inverse({ op: 'set-config-load', namespace: 'nope', serviceEntries: 1 })).to.equal(null);
    expect(() => m.apply({ op: 'set-config-load', namespace: 'orders', serviceEntries: -1 })).to.throw(/integer ≥ 0/);
    expect(() => m.apply({ op: 'set-config-load', namespace: 'orders', serviceEntries: 1.5 })).to.throw(/integer ≥ 0/);
  });

  it('a ServiceEntry named like a Service is a service of its own', () => {
    const topology = defaultTopology();
    topology.workloads.push({ namespace: 'payments', name: 'gameday-load-0' });
    const m = newModel({ topology });
    run(m, 30_000);
    const proxies0 = proxyWorkingSets(m);
    m.apply({ op: 'set-config-load', namespace: 'payments', serviceEntries: 1 });
    run(m, 30_000);
    // Each sidecar got one more cluster: the ServiceEntry did not merge into the same-named Service.
    proxyWorkingSets(m).forEach((ws, i) => expect(ws - proxies0[i]!).to.be.closeTo(m.params.proxyPerServiceBytes, 2));
    expect(m.proxyStatusCounts().every((r) => r.staleProxies === 0)).to.equal(true);
    expect(m.handleRequest({ path: '/', method: 'GET' }).status).to.equal(200);
  });
});
