/**
 * The Operation that undoes `op` given the model's current state (a read
 * only). Null when nothing can undo it: deleted pods and restarts are
 * recreated by their controllers, an evicted image comes back only by a pull,
 * and removing what does not exist needs no undo.
 */
import type { Operation } from '../../operations.js';
import { DEFAULT_ACCESS_LOG } from './apply-operation.js';
import { configLoadOf } from './service-entries.js';
import { stableStringify } from './stable-json.js';
import type { DeploymentState } from './state.js';
import { key, type World } from './world.js';

function dep(w: World, ns: string, name: string): DeploymentState | undefined {
  return w.deployments.get(key(ns, name));
}

export function invertOperation(w: World, op: Operation): Operation | null {
  switch (op.op) {
    case 'set-memory-limit': {
      const d = dep(w, op.workload.namespace, op.workload.name);
      if (!d) return null;
      const old =
        op.container === 'istio-proxy'
          ? (d.template.proxy.resources.memoryLimitBytes ?? null)
          : d.template.containers.find((c) => c.name === op.container)?.memoryLimitBytes;
      return old === undefined ? null : { ...op, limitBytes: old };
    }
    case 'set-rollout-strategy': {
      const d = dep(w, op.workload.namespace, op.workload.name);
      return d ? { ...op, strategy: structuredClone(d.strategy) } : null;
    }
    case 'scale': {
      const d = dep(w, op.workload.namespace, op.workload.name);
      return d ? { ...op, replicas: d.replicas } : null;
    }
    case 'rollout-restart':
    case 'delete-pods':
    case 'evict-image':
      return null;
    case 'set-image': {
      const c = dep(w, op.workload.namespace, op.workload.name)?.template.containers.find((x) => x.name === op.container);
      return c ? { ...op, image: c.image } : null;
    }
    case 'apply-authorization-policy': {
      const old = w.policies.get(key(op.policy.namespace, op.policy.name));
      return old
        ? { op: 'apply-authorization-policy', policy: structuredClone(old) }
        : { op: 'delete-authorization-policy', namespace: op.policy.namespace, name: op.policy.name };
    }
    case 'delete-authorization-policy': {
      const old = w.policies.get(key(op.namespace, op.name));
      return old ? { op: 'apply-authorization-policy', policy: structuredClone(old) } : null;
    }
    case 'set-registry':
      return { op: 'set-registry', reachable: w.registry.reachable, pullDelayMs: w.registry.pullDelayMs };
    case 'install-revision': {
      const r = w.revisions.get(op.revision);
      if (!r) return { op: 'uninstall-revision', revision: op.revision };
      return installOf(w, op.revision);
    }
    case 'uninstall-revision':
      return w.revisions.has(op.revision) ? installOf(w, op.revision) : null;
    case 'set-revision-tag': {
      const old = w.tags.get(op.tag);
      return old === undefined ? { op: 'remove-revision-tag', tag: op.tag } : { op: 'set-revision-tag', tag: op.tag, revision: old };
    }
    case 'remove-revision-tag': {
      const old = w.tags.get(op.tag);
      return old === undefined ? null : { op: 'set-revision-tag', tag: op.tag, revision: old };
    }
    case 'set-namespace-revision': {
      const ns = w.namespaces.get(op.namespace);
      if (!ns) return null;
      const inv: Operation = { op: 'set-namespace-revision', namespace: op.namespace, revision: ns.labels['istio.io/rev'] ?? null };
      if (op.injection !== undefined) {
        const injection = injectionSetting(ns.labels['istio-injection']);
        // A value other than enabled/disabled is not one the operation can write back.
        if (injection === null) return null;
        inv.injection = injection;
      }
      return inv;
    }
    case 'set-proxy-config': {
      const targets = [...w.deployments.values()].filter(
        (d) => d.namespace === op.namespace && d.role !== 'istiod' && (op.workload === undefined || d.name === op.workload),
      );
      if (targets.length === 0) return null;
      // One operation can only write one value back: the targets must have shared it.
      const shared = stableStringify(targets[0]!.template.proxy);
      if (targets.some((d) => stableStringify(d.template.proxy) !== shared)) return null;
      const prev = targets[0]!.template.proxy;
      const inv: Operation = { op: 'set-proxy-config', namespace: op.namespace };
      if (op.workload !== undefined) inv.workload = op.workload;
      if (op.resources) inv.resources = { ...prev.resources };
      if (op.accessLog) inv.accessLog = { ...(prev.accessLog ?? DEFAULT_ACCESS_LOG) };
      return inv;
    }
    case 'set-cert-ttl':
      return { op: 'set-cert-ttl', ttlMs: w.certTtlMs };
    case 'set-config-load':
      return w.namespaces.has(op.namespace) ? { ...op, serviceEntries: configLoadOf(w, op.namespace) } : null;
  }
}

/** The `injection` setting that writes `istio-injection` back as `label` (absent → removed); null when none can. */
function injectionSetting(label: string | undefined): boolean | 'disabled' | null {
  if (label === undefined) return false;
  if (label === 'enabled') return true;
  if (label === 'disabled') return 'disabled';
  return null;
}

function installOf(w: World, revision: string): Operation | null {
  const r = w.revisions.get(revision);
  const d = r && w.deployments.get(r.deployment);
  if (!r || !d) return null;
  const c = d.template.containers.find((x) => x.kind === 'discovery');
  return { op: 'install-revision', revision, version: r.version, replicas: d.replicas, memoryLimitBytes: c?.memoryLimitBytes ?? null };
}
