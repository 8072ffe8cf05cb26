import { expect } from 'chai';
import { defaultTopology, validateTopology } from '../../../../src/targets/sim/model/sim-model.js';
import { get, newModel } from './support.js';

describe('sim model: topology', () => {
  it('the default mesh starts steady: every deployment available, every proxy synced', () => {
    const m = newModel();
    for (const d of m.deployments()) expect(d.availableReplicas, d.deployment).to.equal(d.specReplicas);
    const counts = m.proxyStatusCounts();
    expect(counts).to.have.length(1);
    expect(counts[0]!.staleProxies).to.equal(0);
    expect(counts[0]!.connected).to.equal(counts[0]!.proxies);
    const s = m.snapshot();
    expect(s.tags).to.deep.equal({ stable: '1-12-0', default: '1-12-0' });
    expect(s.namespaces.map((n) => n.name)).to.have.members(['istio-system', 'payments', 'orders', 'users', 'staging']);
    expect(s.nodes.length).to.be.within(2, 3);
    expect(m.events()).to.deep.equal([]);
    expect(m.ingressRoutes()).to.deep.equal([
      { prefix: '/', service: 'users/frontend' },
      { prefix: '/staging/', service: 'staging/frontend' },
    ]);
  });

  it('routes walk the call graph: gateway → frontend → profile, orders-api → payments-api', () => {
    const r = get(newModel());
    expect(r.status).to.equal(200);
    expect(r.hops.map((h) => `${h.sourceWorkload}>${h.destinationNamespace}/${h.destinationWorkload}`)).to.deep.equal([
      'istio-ingressgateway>users/frontend',
      'frontend>users/profile',
      'frontend>orders/orders-api',
      'orders-api>payments/payments-api',
    ]);
    const pay = r.hops[3]!;
    expect(pay.sourcePrincipal).to.equal('spiffe://cluster.local/ns/orders/sa/orders-sa');
    expect(pay.destinationService).to.equal('payments-api.payments.svc.cluster.local');
    // Application time plus the 1.12 proxy-pair overhead (~1.7 ms P90 for 1.12–1.16, docs/istio.md#sidecar-resources).
    expect(r.latencyMs).to.be.within(10, 40);
    expect(get(newModel(), '/staging/').hops.every((h) => h.destinationNamespace === 'staging')).to.equal(true);
  });

  it('rejects a bad inline topology with every problem named', () => {
    const bad = { ...defaultTopology(), revisions: [{ revision: '1.12.0', version: 'x' }], routes: [{ prefix: 'nope', service: 'a/b' }] };
    expect(() => validateTopology(bad)).to.throw(/revision must be a DNS-1123 label[\s\S]*version must look like[\s\S]*prefix must start with \//);
    expect(() => newModel({ topology: { namespaces: 'x' } })).to.throw(/invalid simulator topology/);
  });

  it('rejects a call graph with a cycle', () => {
    const t = defaultTopology();
    t.workloads.find((w) => w.name === 'payments-api' && w.namespace === 'payments')!.calls = ['users/frontend'];
    expect(() => validateTopology(t)).to.throw(/cycle/);
  });
});
