import { expect } from 'chai';
import { checkOperation } from '../../../src/targets/sim/operation-check.js';

describe('sim operation check (control API input)', () => {
  it('accepts well-formed operations', () => {
    const ops: unknown[] = [
      {
        op: 'apply-authorization-policy',
        policy: { namespace: 'prod', name: 'deny-all', action: 'DENY', rules: [{ to: [{ operation: { paths: ['/'] } }] }] },
      },
      { op: 'set-memory-limit', workload: { namespace: 'istio-system', name: 'istiod' }, container: 'discovery', limitBytes: null },
      { op: 'set-rollout-strategy', workload: { namespace: 'istio-system', name: 'istiod' }, strategy: { type: 'Recreate' } },
      { op: 'delete-pods', namespace: 'prod', selector: { app: 'frontend' }, count: 2 },
      { op: 'set-namespace-revision', namespace: 'prod', revision: null, injection: false },
      { op: 'set-cert-ttl', ttlMs: 300_000 },
    ];
    for (const op of ops) expect(checkOperation(op), JSON.stringify(op)).to.deep.include({ ok: true });
  });

  it('names an unknown op and lists the known ones', () => {
    const r = checkOperation({ op: 'delete-everything' });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.issues[0]).to.match(/^\$\.op: expected one of .*apply-authorization-policy.*; got "delete-everything"$/);
    expect(checkOperation(null)).to.deep.equal({ ok: false, issues: ['$: expected an Operation object with an `op` field'] });
    expect(checkOperation([])).to.have.property('ok', false);
  });

  it('reports every problem of a malformed operation by JSON path', () => {
    const r = checkOperation({
      op: 'apply-authorization-policy',
      policy: { namespace: 'prod', action: 'REJECT', dryrun: true, rules: 'all' },
    });
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.issues).to.have.members([
      '$.policy.name: required',
      '$.policy.action: expected one of ALLOW, DENY, AUDIT',
      '$.policy.rules: expected an array',
      '$.policy.dryrun: unknown field',
    ]);
  });

  it('checks numbers and nullable fields', () => {
    const r = checkOperation({ op: 'scale', workload: { namespace: 'prod', name: 'x' }, replicas: -1 });
    expect(r).to.deep.equal({ ok: false, issues: ['$.replicas: expected an integer ≥ 0'] });
    const m = checkOperation({ op: 'set-memory-limit', workload: { namespace: 'prod', name: 'x' }, container: 'c', limitBytes: '512Mi' });
    expect(m).to.deep.equal({ ok: false, issues: ['$.limitBytes: expected an integer ≥ 1'] });
  });
});
