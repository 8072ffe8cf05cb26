/**
 * Creating and removing Deployments and their Services: app workloads,
 * istiod revisions and the ingress gateway, with the chart's defaults.
 */
import type { RolloutStrategy } from '../../operations.js';
import { fnv1a, safeSuffix } from './rng.js';
import { configChanged } from './service-registry.js';
import { stableStringify } from './stable-json.js';
import type { ContainerTemplate, DeploymentState, PodTemplate, Role } from './state.js';
import { ISTIO_NAMESPACE, istiodDeploymentName, pilotImage } from './versions.js';
import { key, type World } from './world.js';

/** istiod chart: maxSurge 100%, maxUnavailable 25% (docs/istio.md#istiod-chart-defaults). */
export const ISTIOD_STRATEGY: RolloutStrategy = { type: 'RollingUpdate', maxSurge: '100%', maxUnavailable: '25%' };
/** Kubernetes' Deployment default: 25% / 25% (docs/kubernetes.md#deployment-rollouts). */
export const DEFAULT_STRATEGY: RolloutStrategy = { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' };

export function templateHash(t: PodTemplate): string {
  return safeSuffix(fnv1a(stableStringify(t)), 9);
}

interface NewDeployment {
  namespace: string;
  name: string;
  role: Role;
  revision?: string | null;
  replicas: number;
  strategy: RolloutStrategy;
  template: PodTemplate;
  labels?: Record<string, string>;
  calls?: string[];
  baseLatencyMs?: number;
}

export function addDeployment(w: World, d: NewDeployment): DeploymentState {
  const k = key(d.namespace, d.name);
  if (w.deployments.has(k)) throw new Error(`deployment ${k} already exists`);
  const dep: DeploymentState = {
    key: k,
    namespace: d.namespace,
    name: d.name,
    role: d.role,
    revision: d.revision ?? null,
    replicas: d.replicas,
    strategy: d.strategy,
    template: d.template,
    labels: d.labels ?? { app: d.name },
    calls: d.calls ?? [],
    baseLatencyMs: d.baseLatencyMs ?? 2,
    condition: null,
    templateHash: templateHash(d.template),
    createdAt: w.now,
  };
  w.deployments.set(k, dep);
  // One Service per Deployment, same name: the call graph addresses services.
  w.services.set(k, { key: k, namespace: d.namespace, name: d.name, deployment: k, ready: new Set() });
  configChanged(w);
  w.dirty.add(k);
  return dep;
}

/** Marks a template change: new hash, a rollout follows (as a template patch does on a cluster). */
export function touchTemplate(w: World, d: DeploymentState): void {
  d.templateHash = templateHash(d.template);
  w.dirty.add(d.key);
}

export function appTemplate(opts: {
  name: string;
  image: string;
  serviceAccount: string;
  memoryBytes: number;
  memoryLimitBytes: number | null;
  labels?: Record<string, string>;
}): PodTemplate {
  const app: ContainerTemplate = {
    name: 'app',
    image: opts.image,
    kind: 'app',
    memoryLimitBytes: opts.memoryLimitBytes,
    cpuLimitMilli: null,
    memoryBytes: opts.memoryBytes,
  };
  return {
    labels: { app: opts.name, version: 'v1', ...(opts.labels ?? {}) },
    annotations: {},
    serviceAccount: opts.serviceAccount,
    containers: [app],
    proxy: { resources: {}, accessLog: null },
  };
}

export function addIstiod(
  w: World,
  r: { revision: string; version: string; replicas: number; memoryLimitBytes: number | null; strategy?: RolloutStrategy; cores?: number },
): DeploymentState {
  const name = istiodDeploymentName(r.revision);
  w.revisions.set(r.revision, {
    revision: r.revision,
    version: r.version,
    deployment: key(ISTIO_NAMESPACE, name),
    cores: r.cores ?? w.params.istiodDefaultCores,
  });
  const discovery: ContainerTemplate = {
    name: 'discovery',
    image: pilotImage(r.version),
    kind: 'discovery',
    memoryLimitBytes: r.memoryLimitBytes,
    cpuLimitMilli: null,
    memoryBytes: 0,
  };
  return addDeployment(w, {
    namespace: ISTIO_NAMESPACE,
    name,
    role: 'istiod',
    revision: r.revision,
    // The chart runs one replica (docs/istio.md#istiod-chart-defaults).
    replicas: r.replicas,
    strategy: r.strategy ?? ISTIOD_STRATEGY,
    labels: { app: 'istiod', 'istio.io/rev': r.revision },
    template: {
      labels: { app: 'istiod', 'istio.io/rev': r.revision, 'sidecar.istio.io/inject': 'false' },
      annotations: {},
      serviceAccount: `istiod-${r.revision}`,
      containers: [discovery],
      proxy: { resources: {}, accessLog: null },
    },
  });
}

export function addGateway(w: World, g: { namespace: string; name: string; replicas: number; revision: string }): DeploymentState {
  return addDeployment(w, {
    namespace: g.namespace,
    name: g.name,
    role: 'gateway',
    replicas: g.replicas,
    strategy: DEFAULT_STRATEGY,
    labels: { app: g.name, istio: 'ingressgateway' },
    // The gateway pod is only its proxy, injected by the revision its label names.
    template: {
      labels: { app: g.name, istio: 'ingressgateway', 'istio.io/rev': g.revision },
      annotations: {},
      serviceAccount: `${g.name}-service-account`,
      containers: [],
      proxy: { resources: {}, accessLog: null },
    },
  });
}

/** Removes a Deployment at once: its pods start terminating, its ReplicaSets and Service go. */
export function removeDeployment(w: World, k: string, terminate: (podKey: string) => void): void {
  const d = w.deployments.get(k);
  if (!d) return;
  for (const rs of [...w.replicaSets.values()]) {
    if (rs.deployment !== k) continue;
    for (const p of rs.pods.keys()) terminate(p);
    w.replicaSets.delete(rs.key);
  }
  w.replicaSetsByDeployment.delete(k);
  w.deployments.delete(k);
  w.services.delete(k);
  w.changedServices.add(k);
  configChanged(w);
}
