/**
 * istiod processes: caches sync after start (streams refused before: the pod
 * is not ready), proxies connect, and memory follows demand (docs/istio.md#istiod-memory,
 * "Numbers for the simulator's model"): live heap = base + per connected
 * proxy + per service + per config object + per queued push (a generated
 * ServiceEntry counts as both a service and a config object), scaled by the
 * version's profile. The Go runtime keeps the heap under GOMEMLIMIT (~90% of
 * the limit) while it can; once live data plus runtime overhead passes the
 * limit the kubelet OOM-kills the container.
 */
import { serviceEntryTotal } from './service-entries.js';
import { versionProfile } from './params.js';
import { newPilotCounters } from './pilot-counters.js';
import { disconnect, refillStreamCredit } from './proxies.js';
import { FULL_TYPES, queueLength, stepPushes } from './push-queue.js';
import type { ContainerRuntime, IstiodState, PodState } from './state.js';
import { setWorkingSet, watchReadiness, type World } from './world.js';

function discovery(pod: PodState): ContainerRuntime | undefined {
  return pod.containers.find((c) => c.spec.kind === 'discovery');
}

export function istiodStarted(w: World, pod: PodState): void {
  const revision = w.deployments.get(pod.deployment)?.revision ?? '';
  const s: IstiodState = {
    pod: pod.key,
    revision,
    startedAt: w.now,
    syncedAt: null,
    connections: new Set(),
    syntheticConnections: 0,
    debounce: null,
    push: null,
    streamCredit: 0,
    cpuUsedMs: 0,
    cpuSecondsTotal: w.istiods.get(pod.key)?.cpuSecondsTotal ?? 0,
    counters: newPilotCounters(),
    heapBytes: 0,
    residentBytes: 0,
    workingSetBytes: 0,
  };
  w.istiods.set(pod.key, s);
}

/** The process died: every stream drops; proxies keep their config and retry with back-off. */
export function istiodStopped(w: World, pod: PodState): void {
  const s = w.istiods.get(pod.key);
  if (!s) return;
  for (const pk of [...s.connections]) {
    const proxy = w.proxies.get(pk);
    if (proxy) disconnect(w, proxy, false);
  }
  s.connections.clear();
  s.syntheticConnections = 0;
  s.startedAt = null;
  s.syncedAt = null;
  watchReadiness(w, pod);
  s.debounce = null;
  s.push = null;
  s.heapBytes = s.residentBytes = s.workingSetBytes = 0;
}

function liveBytes(w: World, s: IstiodState): number {
  const p = w.params;
  const version = w.revisions.get(s.revision)?.version ?? '';
  const started = s.startedAt ?? w.now;
  // Informer caches fill while syncing: the base term ramps from 30% to 100%.
  const ramp = s.syncedAt !== null ? 1 : Math.min(1, 0.3 + (0.7 * (w.now - started)) / p.istiodCacheSyncMs);
  const serviceEntries = serviceEntryTotal(w);
  const demand =
    p.istiodBaseBytes * ramp +
    p.istiodPerProxyBytes * (s.connections.size + s.syntheticConnections) +
    p.istiodPerServiceBytes * (w.services.size + serviceEntries) +
    p.istiodPerConfigBytes * (w.policies.size + w.synthetic.configObjects + serviceEntries) +
    p.istiodPerQueuedPushBytes * queueLength(s);
  return demand * versionProfile(p, version).istiodMemoryFactor;
}

function updateMemory(w: World, pod: PodState, s: IstiodState, c: ContainerRuntime): void {
  const p = w.params;
  const live = liveBytes(w, s);
  const limit = c.spec.memoryLimitBytes;
  const relaxed = live * p.istiodGarbageFactor;
  const heap = limit === null ? relaxed : Math.max(live, Math.min(relaxed, limit * p.goMemLimitRatio - p.istiodNonHeapBytes));
  s.heapBytes = Math.round(heap);
  s.residentBytes = s.heapBytes + p.istiodNonHeapBytes;
  s.workingSetBytes = s.residentBytes;
  setWorkingSet(w, pod, c, s.workingSetBytes);
}

/** The revision synthetic proxies belong to: the `default` tag's, else the first installed. */
function syntheticRevision(w: World): string | null {
  return w.tags.get('default') ?? w.revisions.keys().next().value ?? null;
}

/** Synthetic proxies reconnect like real ones: through the new-stream limit, each with an initial push. */
export function connectSynthetic(w: World): void {
  const rev = syntheticRevision(w);
  let connected = 0;
  for (const s of w.istiods.values()) {
    if (s.revision !== rev) s.syntheticConnections = 0;
    connected += s.syntheticConnections;
  }
  let missing = w.synthetic.proxies - connected;
  for (const s of w.istiods.values()) {
    if (s.revision !== rev) continue;
    if (missing < 0) {
      const drop = Math.min(s.syntheticConnections, -missing);
      s.syntheticConnections -= drop;
      missing += drop;
      continue;
    }
    if (missing === 0 || s.syncedAt === null || !w.pods.get(s.pod)?.ready) continue;
    const k = Math.min(missing, Math.floor(s.streamCredit));
    if (k <= 0) continue;
    s.streamCredit -= k;
    s.syntheticConnections += k;
    missing -= k;
    s.cpuUsedMs += k * w.params.pushSendFullMs;
    s.counters.pushTriggers.proxy = (s.counters.pushTriggers.proxy ?? 0) + k;
    for (const t of FULL_TYPES) {
      const lt = t.toLowerCase();
      s.counters.pushes[lt] = (s.counters.pushes[lt] ?? 0) + k;
    }
  }
}

/** Start of a step: account last step's CPU, sync caches, refill the stream limiter, run the push pipeline. */
export function stepIstiods(w: World, dt: number): void {
  for (const s of w.istiods.values()) {
    if (s.startedAt === null) continue;
    const cores = w.revisions.get(s.revision)?.cores ?? w.params.istiodDefaultCores;
    s.cpuSecondsTotal += (Math.min(cores * dt, s.cpuUsedMs) + 0.02 * dt) / 1000;
    s.cpuUsedMs = 0;
    if (s.syncedAt === null && w.now - s.startedAt >= w.params.istiodCacheSyncMs) {
      s.syncedAt = w.now;
      watchReadiness(w, w.pods.get(s.pod));
    }
    refillStreamCredit(w, s, dt);
    if (s.syncedAt !== null) stepPushes(w, s, dt);
  }
}

/** After proxies moved: memory of every running istiod, for the kubelet's next OOM check. */
export function istiodMemoryTick(w: World): void {
  for (const s of w.istiods.values()) {
    if (s.startedAt === null) continue;
    const pod = w.pods.get(s.pod);
    const c = pod && discovery(pod);
    if (c && c.state === 'running') updateMemory(w, pod, s, c);
  }
}
