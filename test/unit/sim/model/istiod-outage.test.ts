import { expect } from 'chai';
import { ISTIOD, get, newModel, podsOf, run, share } from './support.js';

describe('sim model: istiod outage', () => {
  it('running proxies keep serving while the injector rejects new pods', () => {
    const m = newModel();
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 10_000);
    expect(m.snapshot().proxies.every((p) => p.istiod === null)).to.equal(true);
    expect(share(m, 200)).to.equal(1);

    m.apply({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 3 });
    run(m, 10_000);
    expect(podsOf(m, 'payments', 'payments-api')).to.have.length(2);
    const failed = m.events().filter((e) => e.reason === 'FailedCreate');
    expect(failed.length).to.be.greaterThan(0);
    expect(failed[0]!.message).to.match(/no endpoints available for service "istiod-1-12-0"/);
    expect(m.snapshot().deployments.find((d) => d.name === 'payments-api')!.condition).to.match(/^FailedCreate/);
    expect(share(m, 200)).to.equal(1);

    // istiod back: the ReplicaSet's retry gets the pod created and injected.
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 1 });
    run(m, 90_000);
    const pods = podsOf(m, 'payments', 'payments-api');
    expect(pods).to.have.length(3);
    expect(pods.every((p) => p.ready && p.revision === '1-12-0')).to.equal(true);
  });

  it('after churn during the outage, proxies route to pods that are gone: 503 UF', () => {
    const m = newModel();
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 5_000);
    const names = podsOf(m, 'payments', 'payments-api').map((p) => p.pod);
    m.apply({ op: 'delete-pods', namespace: 'payments', names });
    run(m, 5_000);
    expect(podsOf(m, 'payments', 'payments-api')).to.have.length(0);
    const r = get(m);
    expect(r.status).to.equal(503);
    const hop = r.hops.find((h) => h.destinationWorkload === 'payments-api')!;
    expect(hop.responseCode).to.equal(503);
    expect(hop.responseFlags).to.equal('UF');
    expect(names).to.include(hop.destinationPod);
    // Upstream hops pass the failure on; the gateway hop reports it too.
    expect(r.hops[0]!.responseCode).to.equal(503);
    expect(m.symptoms().some((s) => s.what.includes('payments/payments-api UF'))).to.equal(true);
  });

  it('a service with no endpoint in the proxy’s last EDS answers 503 UH', () => {
    const m = newModel();
    m.apply({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 0 });
    run(m, 10_000);
    const hop = get(m).hops.find((h) => h.destinationWorkload === 'payments-api')!;
    expect([hop.responseCode, hop.responseFlags]).to.deep.equal([503, 'UH']);
  });

  it('a new pod that never reached istiod stays unready', () => {
    const m = newModel();
    m.apply({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 3 });
    run(m, 200);
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 60_000);
    const pods = podsOf(m, 'payments', 'payments-api');
    expect(pods).to.have.length(3);
    expect(pods.filter((p) => !p.ready)).to.have.length(1);
    const row = m.snapshot().proxies.find((p) => p.name.startsWith(pods.find((x) => !x.ready)!.pod))!;
    expect(row.status.CDS).to.equal('NOT SENT');
  });

  it('workload certificates expire after the TTL without istiod: 503 UF', () => {
    const m = newModel();
    m.apply({ op: 'set-cert-ttl', ttlMs: 10 * 60_000 });
    // Connected proxies pick the new TTL up at their next rotation (half of the new TTL).
    run(m, 60_000);
    const expiries = m.snapshot().proxies.map((p) => p.certExpiresAt!);
    expect(Math.max(...expiries)).to.be.at.most(m.now() + 10 * 60_000);
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 2_000);
    expect(share(m, 200)).to.equal(1);
    m.advance(Math.max(...expiries) + 1_000);
    const r = get(m);
    expect(r.status).to.equal(503);
    expect(r.hops[0]!.responseFlags).to.equal('UF');
    expect(m.proxyStatusCounts()[0]!.expiredCerts).to.be.greaterThan(0);
  });

  it('with istiod up, certificates rotate at half life and never expire', () => {
    const m = newModel();
    m.apply({ op: 'set-cert-ttl', ttlMs: 10 * 60_000 });
    run(m, 30 * 60_000);
    expect(m.snapshot().proxies.every((p) => p.certExpiresAt! > m.now())).to.equal(true);
    expect(share(m, 200)).to.equal(1);
  });
});
