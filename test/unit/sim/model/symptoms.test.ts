import { expect } from 'chai';
import { get, newModel, run } from './support.js';

describe('sim model: symptoms', () => {
  it('records each kind of failure once, at the first time it reached a user, however the kinds interleave', () => {
    const m = newModel();
    const denyAll = (namespace: string) =>
      m.apply({ op: 'apply-authorization-policy', policy: { namespace, name: 'deny-all', action: 'DENY', rules: [{}] } });
    denyAll('payments');
    denyAll('staging');
    run(m, 5_000);
    const first = m.now();
    // Two kinds in turn, each many times: neither may hide the other, nor move its first time.
    for (let i = 0; i < 20; i++) {
      expect(get(m, i % 2 === 0 ? '/' : '/staging/').status).to.equal(403);
      run(m, 100);
    }
    // A third kind that differs from the first only by where it fails.
    m.apply({ op: 'delete-authorization-policy', namespace: 'payments', name: 'deny-all' });
    denyAll('orders');
    run(m, 5_000);
    const third = m.now();
    expect(get(m).status).to.equal(403);
    expect(get(m, '/staging/').status).to.equal(403);
    expect(get(m).status).to.equal(403);

    expect(m.symptoms()).to.deep.equal([
      { at: first, what: '403 payments/payments-api -' },
      { at: first + 100, what: '403 staging/frontend -' },
      { at: third, what: '403 orders/orders-api -' },
    ]);
  });
});
