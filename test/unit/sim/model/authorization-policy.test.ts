import { expect } from 'chai';
import type { AuthorizationPolicySpec } from '../../../../src/targets/operations.js';
import { ISTIOD, get, newModel, run, share } from './support.js';

const fromOrders = (action: AuthorizationPolicySpec['action'], dryRun = false): AuthorizationPolicySpec => ({
  namespace: 'payments',
  name: 'payments-lockdown',
  action,
  ...(dryRun ? { dryRun } : {}),
  rules: [{ from: [{ source: { principals: ['cluster.local/ns/orders/sa/orders-sa'] } }] }],
});

describe('sim model: AuthorizationPolicy', () => {
  it('an enforced DENY gives 403 RBAC: access denied with flag -', () => {
    const m = newModel();
    m.apply({ op: 'apply-authorization-policy', policy: fromOrders('DENY') });
    run(m, 2_000);
    const r = get(m);
    expect(r.status).to.equal(403);
    expect(r.body).to.equal('RBAC: access denied');
    const hop = r.hops.find((h) => h.destinationWorkload === 'payments-api')!;
    expect(hop.responseFlags).to.equal('-');
    expect(hop.deniedBy).to.equal('payments/payments-lockdown');
    expect(hop.reporters).to.deep.equal(['source', 'destination']);
    expect(hop.mtls).to.equal(true);
    // Staging is another namespace: untouched.
    expect(get(m, '/staging/').status).to.equal(200);
  });

  it('AUDIT never changes the decision', () => {
    const m = newModel();
    m.apply({ op: 'apply-authorization-policy', policy: fromOrders('AUDIT') });
    run(m, 2_000);
    expect(share(m, 200)).to.equal(1);
  });

  it('a dry-run DENY never enforces and is counted as "would deny"', () => {
    const m = newModel();
    m.apply({ op: 'apply-authorization-policy', policy: fromOrders('DENY', true) });
    run(m, 2_000);
    const r = get(m);
    expect(r.status).to.equal(200);
    expect(r.hops.find((h) => h.destinationWorkload === 'payments-api')!.dryRunDenied).to.deep.equal(['payments/payments-lockdown']);
  });

  it('with an ALLOW policy only matches pass; notPrincipals, paths and methods match as Istio does', () => {
    const m = newModel();
    m.apply({
      op: 'apply-authorization-policy',
      policy: {
        namespace: 'payments',
        name: 'allow-orders-get',
        action: 'ALLOW',
        rules: [{ from: [{ source: { namespaces: ['orders'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*', '/'] } }] }],
      },
    });
    run(m, 2_000);
    expect(m.handleRequest({ path: '/', method: 'GET' }).status).to.equal(200);
    expect(m.handleRequest({ path: '/', method: 'POST' }).status).to.equal(403);
    expect(m.handleRequest({ path: '/other', method: 'GET' }).status).to.equal(403);
    m.apply({
      op: 'apply-authorization-policy',
      policy: { namespace: 'payments', name: 'lockdown', action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/orders/sa/orders-sa'] } }] }] },
    });
    run(m, 2_000);
    // orders-api runs as orders-sa: the seed article's lockdown lets it through.
    expect(m.handleRequest({ path: '/', method: 'GET' }).status).to.equal(200);
  });

  it('a policy applied while istiod is down does not reach the proxies', () => {
    const m = newModel();
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 5_000);
    m.apply({ op: 'apply-authorization-policy', policy: fromOrders('DENY') });
    run(m, 30_000);
    expect(share(m, 200)).to.equal(1);
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 1 });
    run(m, 60_000);
    expect(share(m, 403)).to.equal(1);
  });
});
