/**
 * Pod lifecycle at the API server: creation through admission (the injector
 * may add a sidecar or reject the pod), scheduling, graceful deletion, and
 * removal once the process has exited.
 */
import { admit } from './injector.js';
import { disconnect, newProxy, proxyStopped } from './proxies.js';
import { fnv1a, safeSuffix } from './rng.js';
import { setEndpoint } from './service-registry.js';
import type { ContainerRuntime, ContainerTemplate, DeploymentState, PodState, ReplicaSetState } from './state.js';
import { proxyImage } from './versions.js';
import { emit, key, touchPod, watchReadiness, type World } from './world.js';

export function newContainer(w: World, node: string, spec: ContainerTemplate): ContainerRuntime {
  const cached = w.nodes.get(node)?.images.has(spec.image) ?? false;
  return {
    spec,
    state: 'waiting',
    waiting: 'ContainerCreating',
    startedAt: null,
    startAt: cached ? w.now + w.params.containerStartMs : null,
    restartCount: 0,
    lastTerminated: null,
    crashBackoffMs: 0,
    crashBackoffSetAt: null,
    pull: null,
    pullBackoffMs: 0,
    pullFailedAt: null,
    pullRetryAt: null,
    workingSetBytes: 0,
    cpuUsageMilli: 0,
    cpuThrottledRatio: 0,
    cpuSecondsTotal: 0,
  };
}

function pickNode(w: World): string {
  let best: string | null = null;
  let fewest = Infinity;
  for (const n of w.nodes.values()) {
    if (n.pods < fewest) {
      best = n.name;
      fewest = n.pods;
    }
  }
  if (best === null) throw new Error('the topology has no nodes');
  return best;
}

/** Creates one pod of a ReplicaSet; returns the webhook's message when admission rejects it. */
export function createPod(w: World, d: DeploymentState, rs: ReplicaSetState): { ok: true; pod: PodState } | { ok: false; message: string } {
  const t = rs.template;
  const a = admit(w, d.namespace, t.labels);
  if (!a.ok) return a;
  const name = `${d.name}-${rs.hash}-${safeSuffix(fnv1a(`${w.seed}#${rs.key}#${++w.podSeq}`), 5)}`;
  const node = pickNode(w);
  const specs: ContainerTemplate[] = [...t.containers];
  const labels: Record<string, string> = { ...t.labels, 'pod-template-hash': rs.hash };
  if (a.revision !== null && a.version !== null) {
    const r = t.proxy.resources;
    specs.push({
      name: 'istio-proxy',
      image: proxyImage(a.version),
      kind: 'proxy',
      // Chart sidecar limits 2000m / 1024Mi unless annotated (docs/istio.md#sidecar-resources).
      memoryLimitBytes: r.memoryLimitBytes ?? w.params.proxyMemoryLimitBytes,
      cpuLimitMilli: r.cpuLimitMilli ?? w.params.proxyCpuLimitMilli,
      memoryBytes: 0,
    });
    labels['istio.io/rev'] = a.revision;
    labels['service.istio.io/canonical-revision'] = labels.version ?? 'latest';
  }
  const pod: PodState = {
    key: key(d.namespace, name),
    order: w.podSeq,
    namespace: d.namespace,
    name,
    deployment: d.key,
    replicaSet: rs.key,
    role: d.role,
    node,
    createdAt: w.now,
    labels,
    serviceAccount: t.serviceAccount,
    containers: specs.map((s) => newContainer(w, node, s)),
    revision: a.revision,
    proxyVersion: a.version,
    proxyConfig: t.proxy,
    ready: false,
    readyCandidateAt: null,
    terminatingAt: null,
    goneAt: null,
    statusVersion: 0,
  };
  w.pods.set(pod.key, pod);
  let inNamespace = w.podsByNamespace.get(pod.namespace);
  if (!inNamespace) w.podsByNamespace.set(pod.namespace, (inNamespace = new Set()));
  inNamespace.add(pod);
  if (pod.role === 'gateway') w.gatewayPods.add(pod);
  watchReadiness(w, pod);
  w.kubeletWatch.add(pod);
  w.nodes.get(node)!.pods++;
  rs.pods.set(pod.key, pod);
  w.dirty.add(d.key);
  if (a.revision !== null) {
    const proxy = newProxy(w, pod);
    w.proxies.set(pod.key, proxy);
    w.resourceSlices[proxy.resourceSlice]!.add(proxy);
  }
  emit(w, 'Scheduled', `pod/${pod.key}`, `Successfully assigned ${pod.key} to ${node}`);
  return { ok: true, pod };
}

/** Graceful deletion: out of endpoints at once, process gone after the shutdown time. */
export function terminatePod(w: World, podKey: string): void {
  const pod = w.pods.get(podKey);
  if (!pod || pod.terminatingAt !== null) return;
  pod.terminatingAt = w.now;
  pod.goneAt = w.now + w.params.podShutdownMs;
  w.kubeletWatch.add(pod);
  // A terminating pod leaves its Service's endpoints and stops counting as ready at once.
  pod.ready = false;
  touchPod(w, pod);
  setEndpoint(w, pod, false);
  emit(w, 'Killing', `pod/${pod.key}`, `Stopping container ${pod.containers.map((c) => c.spec.name).join(', ')}`);
  w.dirty.add(pod.deployment);
}

/** The pod's processes exited: streams close, the pod leaves every map. */
export function removePod(w: World, pod: PodState): void {
  const s = w.istiods.get(pod.key);
  if (s) {
    for (const pk of [...s.connections]) {
      const proxy = w.proxies.get(pk);
      if (proxy) disconnect(w, proxy, false);
    }
    w.istiods.delete(pod.key);
  }
  const proxy = w.proxies.get(pod.key);
  if (proxy) {
    proxyStopped(w, proxy);
    w.proxies.delete(pod.key);
    w.resourceSlices[proxy.resourceSlice]!.delete(proxy);
  }
  setEndpoint(w, pod, false);
  w.pods.delete(pod.key);
  w.podsByNamespace.get(pod.namespace)?.delete(pod);
  w.gatewayPods.delete(pod);
  const n = w.nodes.get(pod.node);
  if (n) n.pods--;
  w.replicaSets.get(pod.replicaSet)?.pods.delete(pod.key);
  w.dirty.add(pod.deployment);
}
