/**
 * Applies an Operation to the model as the Kubernetes API (or istioctl) would:
 * template patches start rollouts, scale changes replicas, policy writes are
 * config events istiod must push, node and registry changes are immediate.
 * Throws an Error naming the missing object when the operation cannot apply.
 */
import { formatBytes, injectionLabel, type AccessLogConfig, type Operation, type WorkloadRef } from '../../operations.js';
import { setConfigLoad } from './config-load.js';
import { fenceposts } from './rollout.js';
import { terminatePod } from './pods.js';
import { configChanged } from './service-registry.js';
import type { DeploymentState } from './state.js';
import { pilotImage } from './versions.js';
import { addIstiod, removeDeployment, touchTemplate } from './workloads.js';
import { rescheduleAllProxies } from './proxies.js';
import { key, type World } from './world.js';

/** What a pod template without access-log settings gets: no access log, Envoy logging at warning. */
export const DEFAULT_ACCESS_LOG: AccessLogConfig = { enabled: false, encoding: 'TEXT', componentLogLevel: 'warning' };

export function sameAccessLog(a: AccessLogConfig, b: AccessLogConfig): boolean {
  return a.enabled === b.enabled && a.encoding === b.encoding && a.componentLogLevel === b.componentLogLevel;
}

function deployment(w: World, r: WorkloadRef): DeploymentState {
  const d = w.deployments.get(key(r.namespace, r.name));
  if (!d) throw new Error(`deployment ${r.namespace}/${r.name} not found`);
  return d;
}

function limitText(n: number | null | undefined): string {
  return n === null || n === undefined ? 'none' : formatBytes(n);
}

function setMemoryLimit(w: World, d: DeploymentState, container: string, limit: number | null): string {
  if (container === 'istio-proxy') {
    const before = d.template.proxy.resources.memoryLimitBytes;
    d.template.proxy = { ...d.template.proxy, resources: { ...d.template.proxy.resources } };
    if (limit === null) delete d.template.proxy.resources.memoryLimitBytes;
    else d.template.proxy.resources.memoryLimitBytes = limit;
    touchTemplate(w, d);
    return `deployment ${d.key} container istio-proxy memory limit ${limitText(before)} → ${limitText(limit)}`;
  }
  const c = d.template.containers.find((x) => x.name === container);
  if (!c) throw new Error(`deployment ${d.key} has no container ${container}`);
  const before = c.memoryLimitBytes;
  c.memoryLimitBytes = limit;
  touchTemplate(w, d);
  return `deployment ${d.key} memory limit ${limitText(before)} → ${limitText(limit)}`;
}

function matches(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  return !selector || Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function applyOperation(w: World, op: Operation): string {
  switch (op.op) {
    case 'set-memory-limit':
      return setMemoryLimit(w, deployment(w, op.workload), op.container, op.limitBytes);
    case 'set-rollout-strategy': {
      const d = deployment(w, op.workload);
      fenceposts(op.strategy, Math.max(1, d.replicas));
      d.strategy = structuredClone(op.strategy);
      w.dirty.add(d.key);
      return `deployment ${d.key} strategy ${op.strategy.type}`;
    }
    case 'scale': {
      if (!Number.isInteger(op.replicas) || op.replicas < 0) throw new Error(`replicas must be an integer ≥ 0, got ${op.replicas}`);
      const d = deployment(w, op.workload);
      const before = d.replicas;
      d.replicas = op.replicas;
      w.dirty.add(d.key);
      return `deployment ${d.key} scaled ${before} → ${op.replicas}`;
    }
    case 'rollout-restart': {
      const d = deployment(w, op.workload);
      d.template.annotations = { ...d.template.annotations, 'kubectl.kubernetes.io/restartedAt': new Date(w.now).toISOString() };
      touchTemplate(w, d);
      return `deployment ${d.key} restarted`;
    }
    case 'delete-pods': {
      let picked = [...(w.podsByNamespace.get(op.namespace) ?? [])].filter((p) => p.terminatingAt === null && matches(p.labels, op.selector));
      if (op.names) {
        const names = new Set(op.names);
        picked = picked.filter((p) => names.has(p.name));
      }
      picked.sort((a, b) => (a.key < b.key ? -1 : 1));
      if (op.count !== undefined) {
        // Seeded shuffle: which pods a count-based delete hits is random but reproducible.
        for (let i = picked.length - 1; i > 0; i--) {
          const j = w.rng.int(i + 1);
          const t = picked[i]!;
          picked[i] = picked[j]!;
          picked[j] = t;
        }
        picked = picked.slice(0, op.count);
      }
      for (const p of picked) terminatePod(w, p.key);
      return picked.length === 0 ? `no pod matched in ${op.namespace}` : `deleted ${picked.map((p) => p.name).join(', ')}`;
    }
    case 'set-image': {
      const d = deployment(w, op.workload);
      const c = d.template.containers.find((x) => x.name === op.container);
      if (!c) throw new Error(`deployment ${d.key} has no container ${op.container}`);
      const before = c.image;
      c.image = op.image;
      touchTemplate(w, d);
      return `deployment ${d.key} container ${op.container} image ${before} → ${op.image}`;
    }
    case 'apply-authorization-policy': {
      const k = key(op.policy.namespace, op.policy.name);
      const existed = w.policies.has(k);
      w.policies.set(k, structuredClone(op.policy));
      configChanged(w);
      return `authorizationpolicy ${k} ${existed ? 'configured' : 'created'} (${op.policy.action}${op.policy.dryRun ? ', dry-run' : ''})`;
    }
    case 'delete-authorization-policy': {
      const k = key(op.namespace, op.name);
      if (!w.policies.delete(k)) return `authorizationpolicy ${k} not found (nothing to delete)`;
      configChanged(w);
      return `authorizationpolicy ${k} deleted`;
    }
    case 'evict-image': {
      const nodes = op.nodes?.length ? op.nodes : [...w.nodes.keys()];
      const hit: string[] = [];
      for (const n of nodes) {
        const node = w.nodes.get(n);
        if (!node) throw new Error(`node ${n} not found`);
        if (node.images.delete(op.image)) hit.push(n);
      }
      return `image ${op.image} evicted from ${hit.length ? hit.join(', ') : 'no node (not cached)'}`;
    }
    case 'set-registry':
      w.registry = { reachable: op.reachable, pullDelayMs: op.pullDelayMs };
      return op.reachable ? `registry reachable, pull delay ${op.pullDelayMs} ms` : 'registry unreachable';
    case 'install-revision': {
      if (/\./.test(op.revision)) throw new Error(`revision names have no dots: ${op.revision}`);
      const existing = w.revisions.get(op.revision);
      if (existing) {
        // istioctl install over an existing revision: an in-place upgrade of its Deployment.
        const d = w.deployments.get(existing.deployment)!;
        existing.version = op.version;
        const c = d.template.containers.find((x) => x.kind === 'discovery')!;
        c.image = pilotImage(op.version);
        c.memoryLimitBytes = op.memoryLimitBytes;
        d.replicas = op.replicas;
        touchTemplate(w, d);
        return `istiod revision ${op.revision} upgraded in place to ${op.version}`;
      }
      addIstiod(w, { revision: op.revision, version: op.version, replicas: op.replicas, memoryLimitBytes: op.memoryLimitBytes });
      return `istiod revision ${op.revision} (${op.version}) installed`;
    }
    case 'uninstall-revision': {
      const r = w.revisions.get(op.revision);
      if (!r) throw new Error(`revision ${op.revision} not installed`);
      removeDeployment(w, r.deployment, (p) => terminatePod(w, p));
      w.revisions.delete(op.revision);
      return `istiod revision ${op.revision} uninstalled`;
    }
    case 'set-revision-tag': {
      if (!w.revisions.has(op.revision)) throw new Error(`revision ${op.revision} not installed`);
      const before = w.tags.get(op.tag);
      w.tags.set(op.tag, op.revision);
      return `tag ${op.tag} ${before ?? '(new)'} → ${op.revision}`;
    }
    case 'remove-revision-tag':
      if (!w.tags.delete(op.tag)) return `tag ${op.tag} not found (nothing to remove)`;
      return `tag ${op.tag} removed`;
    case 'set-namespace-revision': {
      const ns = w.namespaces.get(op.namespace);
      if (!ns) throw new Error(`namespace ${op.namespace} not found`);
      const labels = { ...ns.labels };
      if (op.revision === null) delete labels['istio.io/rev'];
      else labels['istio.io/rev'] = op.revision;
      if (op.injection !== undefined) {
        const value = injectionLabel(op.injection);
        if (value === null) delete labels['istio-injection'];
        else labels['istio-injection'] = value;
      }
      ns.labels = labels;
      return `namespace ${op.namespace} labels ${JSON.stringify(labels)}`;
    }
    case 'set-proxy-config': {
      const targets = [...w.deployments.values()].filter(
        (d) => d.namespace === op.namespace && d.role !== 'istiod' && (op.workload === undefined || d.name === op.workload),
      );
      if (targets.length === 0) throw new Error(`no workload ${op.namespace}/${op.workload ?? '*'} to configure`);
      // `resources` and `accessLog` each replace the workload's setting as a whole (absent: unchanged),
      // so the previous value can always be written back.
      for (const d of targets) {
        const proxy = { ...d.template.proxy };
        if (op.resources) proxy.resources = { ...op.resources };
        if (op.accessLog) proxy.accessLog = sameAccessLog(op.accessLog, DEFAULT_ACCESS_LOG) ? null : { ...op.accessLog };
        d.template.proxy = proxy;
        touchTemplate(w, d);
      }
      return `proxy config of ${targets.map((d) => d.key).join(', ')} updated`;
    }
    case 'set-cert-ttl': {
      if (!(op.ttlMs > 0)) throw new Error(`certificate TTL must be positive, got ${op.ttlMs}`);
      const before = w.certTtlMs;
      w.certTtlMs = op.ttlMs;
      rescheduleAllProxies(w);
      return `workload certificate TTL ${before} ms → ${op.ttlMs} ms`;
    }
    case 'set-config-load':
      return setConfigLoad(w, op.namespace, op.serviceEntries);
  }
}
