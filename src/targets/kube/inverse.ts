/**
 * The undo of an operation, read from the cluster's live state (a read
 * only), with the same rules as the simulator: deleted pods and restarts are
 * replaced by their controllers (no undo), an evicted image returns only by
 * a pull, and removing what does not exist needs no undo.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import type { Operation, ProxyResources } from '../operations.js';
import { readDeployment } from './deployment-ops.js';
import { AUTHZ, type IstioObject, policyOf } from './istio-objects.js';
import { configLoadIndices, readCertTtl } from './istio-ops.js';
import { type KubeClient, orNull } from './kube-client.js';
import { containerLimit, istiod, readTags, revisionView, strategyOf } from './mesh-reads.js';
import { proxyResourcesOf, workloadsFor } from './proxy-config.js';
import { memoryBytes } from './quantity.js';

export async function inverseOf(client: KubeClient, op: Operation): Promise<Operation | null> {
  switch (op.op) {
    case 'set-memory-limit': {
      const c = (await readDeployment(client, op.workload))?.spec?.template.spec?.containers.find((x) => x.name === op.container);
      // The request too: the new limit may lower it (see requestFor).
      return c
        ? { ...op, limitBytes: containerLimit(c), requestBytes: memoryBytes(c.resources?.requests?.memory as string | undefined) }
        : null;
    }
    case 'set-rollout-strategy': {
      const d = await readDeployment(client, op.workload);
      return d ? { ...op, strategy: strategyOf(d) } : null;
    }
    case 'scale': {
      const d = await readDeployment(client, op.workload);
      return d ? { ...op, replicas: d.spec?.replicas ?? 1 } : null;
    }
    case 'rollout-restart':
    case 'delete-pods':
    case 'evict-image':
      return null;
    case 'set-image': {
      const c = (await readDeployment(client, op.workload))?.spec?.template.spec?.containers.find((x) => x.name === op.container);
      return c?.image ? { ...op, image: c.image } : null;
    }
    case 'apply-authorization-policy': {
      const old = await readPolicy(client, op.policy.namespace, op.policy.name);
      return old
        ? { op: 'apply-authorization-policy', policy: policyOf(old) }
        : { op: 'delete-authorization-policy', namespace: op.policy.namespace, name: op.policy.name };
    }
    case 'delete-authorization-policy': {
      const old = await readPolicy(client, op.namespace, op.name);
      return old ? { op: 'apply-authorization-policy', policy: policyOf(old) } : null;
    }
    case 'set-registry':
      // The state the target tracks, given by the caller (the API cannot see a registry).
      return null;
    case 'install-revision': {
      const d = await istiod(client, op.revision);
      return d ? installOf(d) : { op: 'uninstall-revision', revision: op.revision };
    }
    case 'uninstall-revision': {
      const d = await istiod(client, op.revision);
      return d ? installOf(d) : null;
    }
    case 'set-revision-tag': {
      const old = (await readTags(client))[op.tag];
      return old === undefined ? { op: 'remove-revision-tag', tag: op.tag } : { op: 'set-revision-tag', tag: op.tag, revision: old };
    }
    case 'remove-revision-tag': {
      const old = (await readTags(client))[op.tag];
      return old === undefined ? null : { op: 'set-revision-tag', tag: op.tag, revision: old };
    }
    case 'set-namespace-revision': {
      const ns = await orNull(client.core.readNamespace({ name: op.namespace }));
      if (!ns) return null;
      const labels = ns.metadata?.labels ?? {};
      const inv: Operation = { op: 'set-namespace-revision', namespace: op.namespace, revision: labels['istio.io/rev'] ?? null };
      if (op.injection !== undefined) {
        const l = labels['istio-injection'];
        if (l !== undefined && l !== 'enabled' && l !== 'disabled') return null;
        inv.injection = l === undefined ? false : l === 'enabled' ? true : 'disabled';
      }
      return inv;
    }
    case 'set-proxy-config': {
      const targets = await workloadsFor(client, op.namespace, op.workload);
      if (targets.length === 0) return null;
      // One operation writes one value back: the targets must have shared it.
      const shared = JSON.stringify(proxyResourcesOf(targets[0]!));
      if (targets.some((d) => JSON.stringify(proxyResourcesOf(d)) !== shared)) return null;
      const inv: Operation = { op: 'set-proxy-config', namespace: op.namespace };
      if (op.workload !== undefined) inv.workload = op.workload;
      if (op.resources) inv.resources = proxyResourcesOf(targets[0]!) satisfies ProxyResources;
      return inv;
    }
    case 'set-cert-ttl':
      return { op: 'set-cert-ttl', ttlMs: await readCertTtl(client) };
    case 'set-config-load': {
      const ns = await orNull(client.core.readNamespace({ name: op.namespace }));
      return ns ? { ...op, serviceEntries: (await configLoadIndices(client, op.namespace)).length } : null;
    }
  }
}

function readPolicy(client: KubeClient, namespace: string, name: string): Promise<IstioObject | null> {
  return orNull(client.custom.getNamespacedCustomObject({ ...AUTHZ, namespace, name }) as Promise<IstioObject>);
}

function installOf(d: V1Deployment): Operation {
  const r = revisionView(d);
  const c = d.spec?.template.spec?.containers.find((x) => x.name === 'discovery');
  return {
    op: 'install-revision',
    revision: r.revision,
    version: r.version,
    replicas: d.spec?.replicas ?? 1,
    memoryLimitBytes: containerLimit(c),
  };
}
