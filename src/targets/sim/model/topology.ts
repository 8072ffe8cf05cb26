/**
 * The default mesh (the seed article's diagram) and the validation of inline
 * topologies. Routes of the default: `/` → users/frontend,
 * `/staging/` → staging/frontend. Call graph: ingress gateway → users/frontend →
 * orders/orders-api → payments/payments-api, and users/frontend → users/profile;
 * `staging` holds a copy of all four.
 */
import type { RolloutStrategy } from '../../operations.js';
import type { TopologySpec, WorkloadSpec } from './topology-spec.js';

const MiB = 2 ** 20;

function appChain(ns: (n: 'users' | 'orders' | 'payments') => string, replicas: number): WorkloadSpec[] {
  return [
    {
      namespace: ns('users'),
      name: 'frontend',
      replicas,
      serviceAccount: 'frontend-sa',
      calls: [`${ns('users')}/profile`, `${ns('orders')}/orders-api`],
      baseLatencyMs: 3,
    },
    { namespace: ns('users'), name: 'profile', replicas, serviceAccount: 'profile-sa', baseLatencyMs: 2 },
    // orders-sa: the principal the seed article's payments-lockdown policy names.
    { namespace: ns('orders'), name: 'orders-api', replicas, serviceAccount: 'orders-sa', calls: [`${ns('payments')}/payments-api`], baseLatencyMs: 4 },
    { namespace: ns('payments'), name: 'payments-api', replicas, serviceAccount: 'payments-sa', baseLatencyMs: 5 },
  ];
}

export function defaultTopology(): TopologySpec {
  const rev = { 'istio.io/rev': 'stable' };
  return {
    namespaces: [
      { name: 'istio-system' },
      { name: 'payments', labels: { ...rev } },
      { name: 'orders', labels: { ...rev } },
      { name: 'users', labels: { ...rev } },
      // The article's canary lane; it follows `stable` until a canary revision and tag exist.
      { name: 'staging', labels: { ...rev } },
    ],
    revisions: [{ revision: '1-12-0', version: '1.12.0', replicas: 1, memoryLimitBytes: null }],
    tags: { stable: '1-12-0', default: '1-12-0' },
    workloads: [...appChain((n) => n, 2), ...appChain(() => 'staging', 1)],
    gateway: { namespace: 'istio-system', name: 'istio-ingressgateway', replicas: 1, revision: 'stable' },
    nodes: [{ name: 'gameday-control-plane' }, { name: 'gameday-worker' }, { name: 'gameday-worker2' }],
    routes: [
      { prefix: '/', service: 'users/frontend' },
      { prefix: '/staging/', service: 'staging/frontend' },
    ],
    // A pull of an Istio image from a remote registry; model choice.
    registry: { reachable: true, pullDelayMs: 5_000 },
    synthetic: { proxies: 0, configObjects: 0 },
  };
}

export const DEFAULT_APP_MEMORY_BYTES = 64 * MiB;

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function isStrategy(v: unknown): v is RolloutStrategy {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  if (s.type === 'Recreate') return true;
  return s.type === 'RollingUpdate' && typeof s.maxSurge === 'string' && typeof s.maxUnavailable === 'string';
}

/** Checks an inline topology and returns it typed; throws one Error listing every problem. */
export function validateTopology(input: unknown): TopologySpec {
  const errs: string[] = [];
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) errs.push('topology must be an object');
  const arr = (k: string): Record<string, unknown>[] => {
    const v = o[k];
    if (!Array.isArray(v)) {
      errs.push(`topology.${k} must be a list`);
      return [];
    }
    return v.map((x, i) => {
      if (typeof x !== 'object' || x === null) errs.push(`topology.${k}[${i}] must be an object`);
      return (x ?? {}) as Record<string, unknown>;
    });
  };
  const nsNames = new Set<string>();
  arr('namespaces').forEach((n, i) => {
    if (typeof n.name !== 'string' || !DNS1123.test(n.name)) errs.push(`topology.namespaces[${i}].name must be a DNS-1123 label`);
    else if (nsNames.has(n.name)) errs.push(`topology.namespaces[${i}]: duplicate namespace "${n.name}"`);
    else nsNames.add(n.name);
    if (n.labels !== undefined && !isRecordOfStrings(n.labels)) errs.push(`topology.namespaces[${i}].labels must map strings to strings`);
  });
  const revs = new Set<string>();
  const revisions = arr('revisions');
  if (Array.isArray(o.revisions) && revisions.length === 0) errs.push('topology.revisions must name at least one istiod revision');
  revisions.forEach((r, i) => {
    if (typeof r.revision !== 'string' || !DNS1123.test(r.revision)) errs.push(`topology.revisions[${i}].revision must be a DNS-1123 label without dots, e.g. 1-12-0`);
    else revs.add(r.revision);
    if (typeof r.version !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(r.version)) errs.push(`topology.revisions[${i}].version must look like 1.12.0`);
    if (r.replicas !== undefined && !(Number.isInteger(r.replicas) && (r.replicas as number) >= 0)) errs.push(`topology.revisions[${i}].replicas must be an integer ≥ 0`);
    if (r.memoryLimitBytes !== undefined && r.memoryLimitBytes !== null && !(typeof r.memoryLimitBytes === 'number' && r.memoryLimitBytes > 0))
      errs.push(`topology.revisions[${i}].memoryLimitBytes must be a positive number or null`);
    if (r.strategy !== undefined && !isStrategy(r.strategy)) errs.push(`topology.revisions[${i}].strategy must be Recreate or RollingUpdate with maxSurge and maxUnavailable strings`);
    if (r.cores !== undefined && !(typeof r.cores === 'number' && r.cores > 0)) errs.push(`topology.revisions[${i}].cores must be a positive number`);
  });
  if (revisions.length > 0 && !nsNames.has('istio-system')) errs.push('topology.namespaces must include istio-system (istiod lives there)');
  if (!isRecordOfStrings(o.tags)) errs.push('topology.tags must map tag names to revisions');
  else for (const [t, r] of Object.entries(o.tags)) if (!revs.has(r)) errs.push(`topology.tags.${t}: revision "${r}" is not in topology.revisions`);
  const services = new Set<string>();
  const workloads = arr('workloads');
  workloads.forEach((wl, i) => {
    if (typeof wl.namespace !== 'string' || !nsNames.has(wl.namespace)) errs.push(`topology.workloads[${i}].namespace must name a namespace of the topology`);
    if (typeof wl.name !== 'string' || !DNS1123.test(wl.name)) errs.push(`topology.workloads[${i}].name must be a DNS-1123 label`);
    const k = `${String(wl.namespace)}/${String(wl.name)}`;
    if (services.has(k)) errs.push(`topology.workloads[${i}]: duplicate workload "${k}"`);
    services.add(k);
    if (wl.replicas !== undefined && !(Number.isInteger(wl.replicas) && (wl.replicas as number) >= 0)) errs.push(`topology.workloads[${i}].replicas must be an integer ≥ 0`);
    if (wl.calls !== undefined && !(Array.isArray(wl.calls) && wl.calls.every((c) => typeof c === 'string'))) errs.push(`topology.workloads[${i}].calls must be a list of "namespace/name"`);
    if (wl.labels !== undefined && !isRecordOfStrings(wl.labels)) errs.push(`topology.workloads[${i}].labels must map strings to strings`);
    if (wl.strategy !== undefined && !isStrategy(wl.strategy)) errs.push(`topology.workloads[${i}].strategy is not a rollout strategy`);
  });
  const calls = new Map<string, string[]>();
  workloads.forEach((wl, i) => {
    const k = `${String(wl.namespace)}/${String(wl.name)}`;
    const cs = Array.isArray(wl.calls) ? (wl.calls as unknown[]).filter((c): c is string => typeof c === 'string') : [];
    for (const c of cs) if (!services.has(c)) errs.push(`topology.workloads[${i}].calls: "${c}" is not a workload of the topology`);
    calls.set(k, cs);
  });
  const cycle = findCycle(calls);
  if (cycle) errs.push(`topology.workloads: the call graph has a cycle (${cycle.join(' → ')})`);
  const gw = (o.gateway ?? null) as Record<string, unknown> | null;
  if (!gw || typeof gw !== 'object') errs.push('topology.gateway must be an object');
  else {
    if (typeof gw.namespace !== 'string' || !nsNames.has(gw.namespace)) errs.push('topology.gateway.namespace must name a namespace of the topology');
    if (typeof gw.name !== 'string' || !DNS1123.test(gw.name)) errs.push('topology.gateway.name must be a DNS-1123 label');
    const tags = isRecordOfStrings(o.tags) ? o.tags : {};
    if (typeof gw.revision !== 'string' || !(revs.has(gw.revision) || gw.revision in tags)) errs.push('topology.gateway.revision must name a revision or a tag');
  }
  const nodes = arr('nodes');
  if (Array.isArray(o.nodes) && nodes.length === 0) errs.push('topology.nodes must list at least one node');
  nodes.forEach((n, i) => {
    if (typeof n.name !== 'string' || n.name === '') errs.push(`topology.nodes[${i}].name must be a non-empty string`);
    if (n.images !== undefined && !(Array.isArray(n.images) && n.images.every((x) => typeof x === 'string'))) errs.push(`topology.nodes[${i}].images must be a list of image references`);
  });
  arr('routes').forEach((r, i) => {
    if (typeof r.prefix !== 'string' || !r.prefix.startsWith('/')) errs.push(`topology.routes[${i}].prefix must start with /`);
    if (typeof r.service !== 'string' || !services.has(r.service)) errs.push(`topology.routes[${i}].service must name a workload ("namespace/name")`);
  });
  if (o.certTtlMs !== undefined && !(typeof o.certTtlMs === 'number' && o.certTtlMs > 0)) errs.push('topology.certTtlMs must be a positive number');
  if (errs.length > 0) throw new Error(`invalid simulator topology:\n  - ${errs.join('\n  - ')}`);
  return input as TopologySpec;
}

function findCycle(calls: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (k: string): string[] | null => {
    const s = state.get(k);
    if (s === 2) return null;
    if (s === 1) return [...stack.slice(stack.indexOf(k)), k];
    state.set(k, 1);
    stack.push(k);
    for (const c of calls.get(k) ?? []) {
      const found = visit(c);
      if (found) return found;
    }
    stack.pop();
    state.set(k, 2);
    return null;
  };
  for (const k of calls.keys()) {
    const found = visit(k);
    if (found) return found;
  }
  return null;
}
