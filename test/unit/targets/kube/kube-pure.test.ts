/**
 * The Kubernetes adapter's pure translations: operations to patches,
 * Istio objects to and from the port's types, quantities, mesh config,
 * namespace injection, the namespaces an operation touches. No cluster.
 */
import type { V1Deployment, V1Namespace, V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { deploymentPatch, requestFor } from '../../../../src/targets/kube/deployment-ops.js';
import { configLoadIndex, policyObject, policyOf, serviceEntryObject } from '../../../../src/targets/kube/istio-objects.js';
import { certTtlOfMesh, DEFAULT_CERT_TTL_MS } from '../../../../src/targets/kube/istio-ops.js';
import { namespaceView, ownerOf, podView, strategyOf } from '../../../../src/targets/kube/mesh-reads.js';
import { cpuMilli, intOrString, memoryBytes, memoryQuantity } from '../../../../src/targets/kube/quantity.js';
import { registryState, registryView } from '../../../../src/targets/kube/node-access.js';
import { needsNodeAccess, operationNamespaces } from '../../../../src/targets/operation-scope.js';
import type { AuthorizationPolicySpec } from '../../../../src/targets/operations.js';

const MiB = 2 ** 20;
const w = { namespace: 'istio-system', name: 'istiod-1-31' };

describe('kube adapter: operations as patches', () => {
  it("sets one container's memory limit by name (strategic merge), null removes it", () => {
    const op = { op: 'set-memory-limit' as const, workload: w, container: 'discovery', limitBytes: 280 * MiB };
    expect(deploymentPatch(op, new Date(0))).to.deep.equal({
      spec: { template: { spec: { containers: [{ name: 'discovery', resources: { limits: { memory: '280Mi' } } }] } } },
    });
    expect(deploymentPatch({ ...op, limitBytes: null }, new Date(0), 2048 * MiB)).to.deep.equal({
      spec: {
        template: { spec: { containers: [{ name: 'discovery', resources: { limits: { memory: null }, requests: { memory: '2Gi' } } }] } },
      },
    });
  });

  it('lowers a request above the new limit (the API refuses it), leaves one below alone, and obeys an explicit request', () => {
    const op = { op: 'set-memory-limit' as const, workload: w, container: 'discovery', limitBytes: 280 * MiB };
    expect(requestFor(op, 2048 * MiB)).to.equal(280 * MiB);
    expect(requestFor(op, 128 * MiB)).to.equal(undefined);
    expect(requestFor({ ...op, limitBytes: null }, 2048 * MiB)).to.equal(undefined);
    expect(requestFor({ ...op, requestBytes: null }, 2048 * MiB)).to.equal(null);
  });

  it('writes rollout strategies the API accepts: integers as integers, Recreate without rollingUpdate', () => {
    expect(deploymentPatch({ op: 'set-rollout-strategy', workload: w, strategy: { type: 'Recreate' } }, new Date(0))).to.deep.equal({
      spec: { strategy: { type: 'Recreate', rollingUpdate: null } },
    });
    expect(
      deploymentPatch(
        { op: 'set-rollout-strategy', workload: w, strategy: { type: 'RollingUpdate', maxSurge: '0', maxUnavailable: '25%' } },
        new Date(0),
      ),
    ).to.deep.equal({
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' } } },
    });
    const back = strategyOf({
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' } } },
    } as V1Deployment);
    expect(back).to.deep.equal({ type: 'RollingUpdate', maxSurge: '0', maxUnavailable: '25%' });
  });

  it('stamps a rollout restart the way kubectl does', () => {
    expect(deploymentPatch({ op: 'rollout-restart', workload: w }, new Date('2026-01-02T03:04:05Z'))).to.deep.equal({
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-02T03:04:05.000Z' } } } },
    });
  });
});

describe('kube adapter: Istio objects', () => {
  const policy: AuthorizationPolicySpec = {
    namespace: 'payments',
    name: 'lockdown',
    action: 'DENY',
    dryRun: true,
    selector: { app: 'payments-api' },
    rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/orders/sa/orders-sa'] } }] }],
  };

  it('round-trips an AuthorizationPolicy, dry-run as the istio.io/dry-run annotation', () => {
    const o = policyObject(policy, null);
    expect(o.metadata?.annotations).to.deep.equal({ 'istio.io/dry-run': 'true' });
    expect(o.spec).to.deep.equal({ action: 'DENY', selector: { matchLabels: { app: 'payments-api' } }, rules: policy.rules });
    expect(policyOf(o)).to.deep.equal(policy);
  });

  it("replacing keeps the existing object's other metadata and drops a dry-run annotation no longer wanted", () => {
    const existing = {
      metadata: {
        name: 'lockdown',
        namespace: 'payments',
        labels: { team: 'payments' },
        annotations: { 'istio.io/dry-run': 'true', note: 'x' },
        resourceVersion: '42',
      },
    };
    const o = policyObject({ ...policy, dryRun: false }, existing);
    expect(o.metadata).to.deep.equal({
      name: 'lockdown',
      namespace: 'payments',
      labels: { team: 'payments' },
      annotations: { note: 'x' },
      resourceVersion: '42',
    });
  });

  it("reads a policy without an action as ALLOW (Istio's default)", () => {
    expect(policyOf({ metadata: { name: 'a', namespace: 'b' }, spec: {} }).action).to.equal('ALLOW');
  });

  it('names generated ServiceEntries gameday-load-<i> and recognises only those', () => {
    const se = serviceEntryObject('istio-system', 7);
    expect(se.metadata?.name).to.equal('gameday-load-7');
    expect((se.spec?.hosts as string[])[0]).to.match(/\.invalid$/);
    expect(configLoadIndex('gameday-load-7')).to.equal(7);
    expect(configLoadIndex('gameday-load-x')).to.equal(null);
    expect(configLoadIndex('payments')).to.equal(null);
  });

  it('reads SECRET_TTL from the mesh config, 24 h when absent', () => {
    expect(certTtlOfMesh('defaultConfig:\n  proxyMetadata:\n    SECRET_TTL: 300s\n')).to.equal(300_000);
    expect(certTtlOfMesh('defaultConfig:\n  proxyMetadata:\n    SECRET_TTL: 1h\n')).to.equal(3_600_000);
    expect(certTtlOfMesh('rootNamespace: istio-system\n')).to.equal(DEFAULT_CERT_TTL_MS);
  });
});

describe('kube adapter: reads', () => {
  it('parses the quantities the API server writes', () => {
    expect(memoryBytes('512Mi')).to.equal(512 * MiB);
    expect(memoryBytes('1G')).to.equal(1e9);
    expect(memoryBytes('129e6')).to.equal(129e6);
    expect(memoryBytes(undefined)).to.equal(null);
    expect(memoryBytes('lots')).to.equal(null);
    expect(cpuMilli('250m')).to.equal(250);
    expect(cpuMilli('2')).to.equal(2000);
    expect(memoryQuantity(280 * MiB)).to.equal('280Mi');
    expect(memoryQuantity(1000)).to.equal('1000');
    expect(intOrString('1')).to.equal(1);
    expect(intOrString('25%')).to.equal('25%');
  });

  it('resolves which revision injects a namespace: istio-injection wins, then istio.io/rev through tags', () => {
    const ns = (labels: Record<string, string>): V1Namespace => ({ metadata: { name: 'n', labels } });
    const tags = { stable: '1-31', default: '1-30' };
    const revs = new Set(['1-30', '1-31']);
    expect(namespaceView(ns({ 'istio.io/rev': 'stable' }), tags, revs).injectionRevision).to.equal('1-31');
    expect(namespaceView(ns({ 'istio.io/rev': '1-30' }), tags, revs).injectionRevision).to.equal('1-30');
    expect(namespaceView(ns({ 'istio.io/rev': 'stable', 'istio-injection': 'enabled' }), tags, revs).injectionRevision).to.equal('1-30');
    expect(namespaceView(ns({ 'istio.io/rev': 'stable', 'istio-injection': 'disabled' }), tags, revs).injectionRevision).to.equal(null);
    expect(namespaceView(ns({ 'istio.io/rev': 'gone' }), tags, revs).injectionRevision).to.equal(null);
  });

  it('reads a pod: owner through its ReplicaSet, OOMKilled last state, the declared working set', () => {
    const pod: V1Pod = {
      metadata: {
        name: 'istiod-1-31-5d8f-abcde',
        namespace: 'istio-system',
        labels: { 'pod-template-hash': '5d8f' },
        annotations: { 'gameday.istio.io/working-set': '400Mi' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'istiod-1-31-5d8f', apiVersion: 'apps/v1', uid: 'u' }],
      },
      spec: { nodeName: 'n1', containers: [{ name: 'discovery', image: 'istio/pilot:1.31', resources: { limits: { memory: '280Mi' } } }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'discovery',
            image: 'istio/pilot:1.31',
            imageID: '',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: new Date('2026-01-01T00:00:00Z') } },
          },
        ],
      },
    };
    expect(ownerOf(pod)).to.equal('istiod-1-31');
    const v = podView(pod, ownerOf(pod));
    expect(v.containers[0]).to.deep.include({ restartCount: 3, memoryLimitBytes: 280 * MiB, memoryWorkingSetBytes: 400 * MiB });
    expect(v.containers[0]!.status).to.deep.equal({ state: 'waiting', reason: 'CrashLoopBackOff' });
    expect(v.containers[0]!.lastTerminated).to.deep.include({ reason: 'OOMKilled', exitCode: 137 });
    // metrics.k8s.io, when the cluster serves it, wins over the declaration.
    expect(podView(pod, 'istiod-1-31', new Map([['discovery', 300 * MiB]])).containers[0]!.memoryWorkingSetBytes).to.equal(300 * MiB);
  });
});

describe('operation scope', () => {
  it('names the namespaces each operation changes, control-plane operations in istio-system', () => {
    expect(operationNamespaces({ op: 'scale', workload: { namespace: 'orders', name: 'orders-api' }, replicas: 3 })).to.deep.equal([
      'orders',
    ]);
    expect(
      operationNamespaces({ op: 'apply-authorization-policy', policy: { namespace: 'payments', name: 'p', action: 'DENY' } }),
    ).to.deep.equal(['payments']);
    expect(operationNamespaces({ op: 'set-revision-tag', tag: 'stable', revision: '1-32' })).to.deep.equal(['istio-system']);
    expect(operationNamespaces({ op: 'set-cert-ttl', ttlMs: 1 })).to.deep.equal(['istio-system']);
  });

  it('marks the operations that need the nodes', () => {
    expect(needsNodeAccess({ op: 'evict-image', image: 'x' })).to.equal(true);
    expect(needsNodeAccess({ op: 'set-registry', reachable: false, pullDelayMs: 0 })).to.equal(true);
    expect(needsNodeAccess({ op: 'delete-pods', namespace: 'a', names: ['b'] })).to.equal(false);
  });
});

describe('node access (kind)', () => {
  it('maps set-registry onto the registry states kind can put its registry in, and back into the snapshot', () => {
    expect(registryState({ op: 'set-registry', reachable: false, pullDelayMs: 0 })).to.equal('unreachable');
    expect(registryState({ op: 'set-registry', reachable: true, pullDelayMs: 30_000 })).to.equal('slow');
    expect(registryState({ op: 'set-registry', reachable: true, pullDelayMs: 0 })).to.equal('reachable');
    expect(registryView('slow', 30_000)).to.deep.equal({ reachable: true, pullDelayMs: 30_000 });
    expect(registryView('unreachable', 30_000)).to.deep.equal({ reachable: false, pullDelayMs: 0 });
  });
});
