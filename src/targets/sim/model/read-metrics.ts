/** The typed read methods behind SimModel's metric accessors: copies, never live state (proxies' in read-proxies.ts). */
import { readHistogram } from './histogram.js';
import { serviceEntryTotal } from './service-entries.js';
import { queueLength } from './push-queue.js';
import { containersReady } from './readiness.js';
import {
  addContainerUsage,
  emptyContainerUsage,
  type ContainerReading,
  type ContainerUsage,
  type DeploymentReading,
  type IstiodMemoryReading,
  type PilotReading,
  type PodReading,
  type PodVersions,
} from './readings.js';
import { deploymentCounts, podPhase } from './snapshot.js';
import type { PodState } from './state.js';
import { splitKey, type World } from './world.js';

function sortedIstiods(w: World): PodState[] {
  const out: PodState[] = [];
  for (const p of w.pods.values()) if (p.role === 'istiod') out.push(p);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function istiodMemory(w: World): IstiodMemoryReading[] {
  return sortedIstiods(w).map((pod) => {
    const s = w.istiods.get(pod.key);
    const c = pod.containers.find((x) => x.spec.kind === 'discovery');
    const rev = w.deployments.get(pod.deployment)?.revision ?? '';
    return {
      pod: pod.name,
      namespace: pod.namespace,
      revision: rev,
      version: w.revisions.get(rev)?.version ?? '',
      heapAllocBytes: s?.heapBytes ?? 0,
      residentBytes: s?.residentBytes ?? 0,
      workingSetBytes: s?.workingSetBytes ?? 0,
      limitBytes: c?.spec.memoryLimitBytes ?? null,
      running: c?.state === 'running',
    };
  });
}

export function pilot(w: World): PilotReading[] {
  const out: PilotReading[] = [];
  for (const pod of sortedIstiods(w)) {
    const s = w.istiods.get(pod.key);
    if (!s) continue;
    const c = s.counters;
    const pushTime: PilotReading['pushTime'] = {};
    for (const [k, h] of Object.entries(c.pushTime)) pushTime[k] = readHistogram(h);
    out.push({
      pod: pod.name,
      namespace: pod.namespace,
      revision: s.revision,
      version: w.revisions.get(s.revision)?.version ?? '',
      running: s.startedAt !== null,
      startedAt: s.startedAt,
      xdsConnections: s.connections.size + s.syntheticConnections,
      pushes: { ...c.pushes },
      pushTime,
      convergence: readHistogram(c.convergence),
      queueTime: readHistogram(c.queueTime),
      debounceTime: readHistogram(c.debounceTime),
      pushTriggers: { ...c.pushTriggers },
      inboundUpdates: { ...c.inboundUpdates },
      rejects: { ...c.rejects },
      expiredNonce: c.expiredNonce,
      refusedStreams: c.refusedStreams,
      services: w.services.size + serviceEntryTotal(w),
      virtualServices: w.synthetic.configObjects,
      queueLength: queueLength(s),
      registryEvents: { ...c.registryEvents },
    });
  }
  return out;
}

function containerReadings(w: World, pod: PodState): ContainerReading[] {
  const ready = containersReady(w, pod);
  return pod.containers.map((c, i) => ({
    namespace: pod.namespace,
    pod: pod.name,
    container: c.spec.name,
    node: pod.node,
    image: c.spec.image,
    restarts: c.restartCount,
    lastTerminatedReason: c.lastTerminated?.reason ?? null,
    lastTerminatedExitCode: c.lastTerminated?.exitCode ?? null,
    waitingReason: c.state === 'waiting' ? (c.waiting ?? 'ContainerCreating') : null,
    running: c.state === 'running',
    ready: ready[i]!,
    memoryLimitBytes: c.spec.memoryLimitBytes,
    cpuLimitMilli: c.spec.cpuLimitMilli,
    memoryWorkingSetBytes: c.workingSetBytes,
    cpuUsageMilli: c.cpuUsageMilli,
    cpuThrottledRatio: c.cpuThrottledRatio,
    cpuSecondsTotal: c.cpuSecondsTotal,
  }));
}

function podReading(w: World, pod: PodState): PodReading {
  return {
    namespace: pod.namespace,
    pod: pod.name,
    deployment: splitKey(pod.deployment).name,
    node: pod.node,
    phase: podPhase(pod),
    ready: pod.ready,
    terminating: pod.terminatingAt !== null,
    revision: pod.revision,
    role: pod.role,
    labels: { ...pod.labels },
    containers: containerReadings(w, pod),
  };
}

/** Every pod, or only those of one role (service discovery needs the istiod pods alone, every second). */
export function pods(w: World, role?: PodReading['role']): PodReading[] {
  const all = [...w.pods.values()];
  return (role === undefined ? all : all.filter((p) => p.role === role)).sort((a, b) => (a.key < b.key ? -1 : 1)).map((pod) => podReading(w, pod));
}

/** Every pod's key and status version (PodState.statusVersion), in creation order: what changed, without copying what did not. */
export function podVersions(w: World): PodVersions {
  const keys: string[] = [];
  const versions: number[] = [];
  for (const pod of w.pods.values()) {
    keys.push(pod.key);
    versions.push(pod.statusVersion);
  }
  return { keys, versions };
}

export function containerUsage(w: World): ContainerUsage {
  const u = emptyContainerUsage();
  for (const pod of w.pods.values()) {
    for (let i = 0; i < pod.containers.length; i++) {
      const c = pod.containers[i]!;
      if (c.state === 'running') addContainerUsage(u, pod.key, i, c.workingSetBytes, c);
    }
  }
  return u;
}

/** The pods of `keys`, in that order; keys of pods that are gone are left out. */
export function podsByKey(w: World, keys: readonly string[]): PodReading[] {
  const out: PodReading[] = [];
  for (const k of keys) {
    const pod = w.pods.get(k);
    if (pod) out.push(podReading(w, pod));
  }
  return out;
}

export function deployments(w: World): DeploymentReading[] {
  return [...w.deployments.values()].map((d) => {
    const n = deploymentCounts(w, d);
    return {
      namespace: d.namespace,
      deployment: d.name,
      specReplicas: d.replicas,
      availableReplicas: n.available,
      readyReplicas: n.ready,
      updatedReplicas: n.updated,
      replicas: n.replicas,
    };
  });
}
