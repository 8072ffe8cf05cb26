import { expect } from 'chai';
import type { Operation } from '../../../../src/targets/operations.js';
import { defaultTopology, type SimModel } from '../../../../src/targets/sim/model/sim-model.js';
import { ISTIOD, MiB, newModel, run } from './support.js';

const PAYMENTS = { namespace: 'payments', name: 'payments-api' };

interface Case {
  name: string;
  op: Operation;
  setup?: (m: SimModel) => void;
}

const cases: Case[] = [
  { name: 'set-memory-limit (discovery)', op: { op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 512 * MiB } },
  { name: 'set-memory-limit (istio-proxy)', op: { op: 'set-memory-limit', workload: PAYMENTS, container: 'istio-proxy', limitBytes: 256 * MiB } },
  { name: 'set-rollout-strategy', op: { op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'Recreate' } } },
  { name: 'scale', op: { op: 'scale', workload: PAYMENTS, replicas: 4 } },
  { name: 'set-image', op: { op: 'set-image', workload: PAYMENTS, container: 'app', image: 'docker.io/gameday/orders-api:v1' } },
  {
    name: 'apply-authorization-policy (new)',
    op: { op: 'apply-authorization-policy', policy: { namespace: 'payments', name: 'deny-all', action: 'DENY', rules: [{}] } },
  },
  {
    name: 'apply-authorization-policy (replacing)',
    setup: (m) => m.apply({ op: 'apply-authorization-policy', policy: { namespace: 'payments', name: 'p', action: 'AUDIT', rules: [{}] } }),
    op: { op: 'apply-authorization-policy', policy: { namespace: 'payments', name: 'p', action: 'DENY', rules: [{}] } },
  },
  {
    name: 'delete-authorization-policy',
    setup: (m) => m.apply({ op: 'apply-authorization-policy', policy: { namespace: 'payments', name: 'p', action: 'AUDIT', rules: [{}] } }),
    op: { op: 'delete-authorization-policy', namespace: 'payments', name: 'p' },
  },
  { name: 'set-registry', op: { op: 'set-registry', reachable: false, pullDelayMs: 1_000 } },
  { name: 'install-revision (new)', op: { op: 'install-revision', revision: 'canary', version: '1.12.0', replicas: 1, memoryLimitBytes: null } },
  { name: 'install-revision (in place)', op: { op: 'install-revision', revision: '1-12-0', version: '1.12.0', replicas: 2, memoryLimitBytes: 1024 * MiB } },
  {
    name: 'uninstall-revision',
    setup: (m) => m.apply({ op: 'install-revision', revision: 'canary', version: '1.12.0', replicas: 1, memoryLimitBytes: null }),
    op: { op: 'uninstall-revision', revision: 'canary' },
  },
  {
    name: 'set-revision-tag (move)',
    setup: (m) => m.apply({ op: 'install-revision', revision: 'canary', version: '1.12.0', replicas: 1, memoryLimitBytes: null }),
    op: { op: 'set-revision-tag', tag: 'stable', revision: 'canary' },
  },
  { name: 'set-revision-tag (new)', op: { op: 'set-revision-tag', tag: 'canary', revision: '1-12-0' } },
  { name: 'remove-revision-tag', op: { op: 'remove-revision-tag', tag: 'stable' } },
  { name: 'set-namespace-revision', op: { op: 'set-namespace-revision', namespace: 'staging', revision: null, injection: true } },
  {
    name: 'set-namespace-revision (over istio-injection=disabled)',
    setup: (m) => m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: 'disabled' }),
    op: { op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: false },
  },
  {
    name: 'set-namespace-revision (to istio-injection=disabled)',
    setup: (m) => m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: true }),
    op: { op: 'set-namespace-revision', namespace: 'staging', revision: 'stable', injection: 'disabled' },
  },
  {
    name: 'set-proxy-config',
    op: {
      op: 'set-proxy-config',
      namespace: 'orders',
      resources: { cpuLimitMilli: 100 },
      accessLog: { enabled: true, encoding: 'JSON', componentLogLevel: 'debug' },
    },
  },
  { name: 'set-cert-ttl', op: { op: 'set-cert-ttl', ttlMs: 5 * 60_000 } },
  { name: 'set-config-load (new)', op: { op: 'set-config-load', namespace: 'payments', serviceEntries: 200 } },
  {
    name: 'set-config-load (resize)',
    setup: (m) => m.apply({ op: 'set-config-load', namespace: 'payments', serviceEntries: 50 }),
    op: { op: 'set-config-load', namespace: 'payments', serviceEntries: 10 },
  },
];

describe('sim model: inverse ∘ apply', () => {
  for (const c of cases) {
    it(`${c.name}: the inverse puts the configuration back`, () => {
      const m = newModel();
      c.setup?.(m);
      run(m, 30_000);
      const before = m.comparableState();
      const inv = m.inverse(c.op);
      expect(inv, 'an inverse').to.not.equal(null);
      m.apply(c.op);
      expect(m.comparableState()).to.not.deep.equal(before);
      run(m, 30_000);
      m.apply(inv!);
      run(m, 120_000);
      expect(m.comparableState()).to.deep.equal(before);
    });
  }

  for (const op of [
    { op: 'evict-image', image: 'docker.io/istio/pilot:1.12.0' },
    { op: 'delete-pods', namespace: 'payments', count: 1 },
    { op: 'rollout-restart', workload: PAYMENTS },
  ] satisfies Operation[]) {
    it(`${op.op} has no inverse`, () => {
      expect(newModel().inverse(op)).to.equal(null);
    });
  }

  it('an istio-injection value no operation writes has no inverse', () => {
    const topology = defaultTopology();
    topology.namespaces = topology.namespaces.map((n) => (n.name === 'staging' ? { ...n, labels: { 'istio-injection': 'off' } } : n));
    const m = newModel({ topology });
    expect(m.inverse({ op: 'set-namespace-revision', namespace: 'staging', revision: null, injection: true })).to.equal(null);
    // Without `injection` the label is left alone, so the revision alone can be put back.
    expect(m.inverse({ op: 'set-namespace-revision', namespace: 'staging', revision: 'stable' })).to.deep.equal({
      op: 'set-namespace-revision',
      namespace: 'staging',
      revision: null,
    });
  });

  it('undoing a fault leaves a working mesh', () => {
    const m = newModel();
    const ops: Operation[] = [
      { op: 'set-rollout-strategy', workload: ISTIOD, strategy: { type: 'Recreate' } },
      { op: 'set-memory-limit', workload: ISTIOD, container: 'discovery', limitBytes: 100 * MiB },
    ];
    const undo = ops.map((op) => {
      const inv = m.inverse(op)!;
      m.apply(op);
      return inv;
    });
    run(m, 120_000);
    for (const inv of undo.reverse()) m.apply(inv);
    run(m, 300_000);
    expect(m.snapshot().revisions[0]!.readyReplicas).to.equal(1);
    expect(m.handleRequest({ path: '/', method: 'GET' }).status).to.equal(200);
  });
});
