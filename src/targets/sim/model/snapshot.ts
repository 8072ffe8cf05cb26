/** MeshSnapshot (views.ts) from model state: what `kubectl get` and `istioctl proxy-status` would show. */
import type { ContainerState, ContainerView, DeploymentView, MeshSnapshot, PodView, ProxyStatusRow } from '../../views.js';
import { namespaceRevision } from './injector.js';
import { syncStatus } from './proxies.js';
import { containersReady } from './readiness.js';
import { replicaSetsOf } from './rollout.js';
import type { ContainerRuntime, DeploymentState, PodState } from './state.js';
import { splitKey, type World } from './world.js';

function containerState(c: ContainerRuntime): ContainerState {
  if (c.state === 'running') return { state: 'running', startedAt: c.startedAt ?? 0 };
  if (c.state === 'waiting') return { state: 'waiting', reason: c.waiting ?? 'ContainerCreating' };
  const t = c.lastTerminated;
  return { state: 'terminated', reason: t?.reason ?? 'Error', exitCode: t?.exitCode ?? 1 };
}

export function containerView(c: ContainerRuntime, ready: boolean): ContainerView {
  return {
    name: c.spec.name,
    image: c.spec.image,
    status: containerState(c),
    restartCount: c.restartCount,
    ...(c.lastTerminated ? { lastTerminated: { ...c.lastTerminated } } : {}),
    memoryLimitBytes: c.spec.memoryLimitBytes,
    memoryWorkingSetBytes: c.workingSetBytes,
    ready,
  };
}

export function podPhase(pod: PodState): PodView['phase'] {
  return pod.containers.some((c) => c.startedAt !== null || c.restartCount > 0) ? 'Running' : 'Pending';
}

function podView(w: World, pod: PodState): PodView {
  const ready = containersReady(w, pod);
  return {
    namespace: pod.namespace,
    name: pod.name,
    workload: w.deployments.get(pod.deployment)?.name ?? splitKey(pod.deployment).name,
    node: pod.node,
    phase: podPhase(pod),
    ready: pod.ready,
    createdAt: pod.createdAt,
    containers: pod.containers.map((c, i) => containerView(c, ready[i]!)),
    ...(pod.revision !== null ? { revision: pod.revision } : {}),
    labels: { ...pod.labels },
  };
}

export interface DeploymentCounts {
  replicas: number;
  ready: number;
  available: number;
  updated: number;
}

export function deploymentCounts(w: World, d: DeploymentState): DeploymentCounts {
  const out: DeploymentCounts = { replicas: 0, ready: 0, available: 0, updated: 0 };
  for (const rs of replicaSetsOf(w, d)) {
    for (const p of rs.pods.values()) {
      if (p.terminatingAt !== null) continue;
      out.replicas++;
      if (p.ready) {
        out.ready++;
        out.available++;
      }
      if (rs.hash === d.templateHash) out.updated++;
    }
  }
  return out;
}

function deploymentView(w: World, d: DeploymentState): DeploymentView {
  const n = deploymentCounts(w, d);
  const containers = d.template.containers.map((c) => ({ name: c.name, image: c.image, memoryLimitBytes: c.memoryLimitBytes }));
  return {
    namespace: d.namespace,
    name: d.name,
    replicas: d.replicas,
    readyReplicas: n.ready,
    availableReplicas: n.available,
    updatedReplicas: n.updated,
    strategy: structuredClone(d.strategy),
    containers,
    labels: { ...d.labels },
    ...(d.condition ? { condition: d.condition } : {}),
    createdAt: d.createdAt,
  };
}

function proxyRow(w: World, pod: PodState): ProxyStatusRow | null {
  const p = w.proxies.get(pod.key);
  if (!p) return null;
  const status = {
    CDS: syncStatus(p.xds.CDS),
    LDS: syncStatus(p.xds.LDS),
    EDS: syncStatus(p.xds.EDS),
    RDS: syncStatus(p.xds.RDS),
    ECDS: syncStatus(p.xds.ECDS),
  };
  return {
    name: `${pod.name}.${pod.namespace}`,
    namespace: pod.namespace,
    istiod: p.istiod ? splitKey(p.istiod).name : null,
    revision: p.revision,
    version: p.version,
    status,
    certExpiresAt: p.cert?.expiresAt ?? null,
    certIssuedAt: p.cert?.issuedAt ?? null,
  };
}

export function snapshot(w: World): MeshSnapshot {
  const pods = [...w.pods.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const proxies: ProxyStatusRow[] = [];
  for (const pod of pods) {
    const row = proxyRow(w, pod);
    if (row) proxies.push(row);
  }
  return {
    at: w.now,
    namespaces: [...w.namespaces.values()].map((n) => ({ name: n.name, labels: { ...n.labels }, injectionRevision: namespaceRevision(w, n.name) })),
    deployments: [...w.deployments.values()].map((d) => deploymentView(w, d)),
    pods: pods.map((p) => podView(w, p)),
    revisions: [...w.revisions.values()].map((r) => {
      const d = w.deployments.get(r.deployment);
      return {
        revision: r.revision,
        version: r.version,
        deployment: splitKey(r.deployment),
        readyReplicas: d ? deploymentCounts(w, d).ready : 0,
      };
    }),
    tags: Object.fromEntries(w.tags),
    policies: [...w.policies.values()].map((p) => structuredClone(p)),
    nodes: [...w.nodes.values()].map((n) => ({ name: n.name, images: [...n.images].sort(), ready: true })),
    proxies,
    registry: { ...w.registry },
    certTtlMs: w.certTtlMs,
  };
}
