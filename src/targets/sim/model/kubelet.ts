/**
 * The kubelet (docs/kubernetes.md#container-restarts, #image-pulls): starts containers once
 * their image is on the node, pulls missing images from the registry (taking
 * its delay, or failing with ErrImagePull → ImagePullBackOff 10 s doubling to
 * 300 s), kills a container whose working set exceeds its memory limit
 * (OOMKilled, exit 137), and restarts it with CrashLoopBackOff back-off as
 * the kubelet's backoff does: the first restart at once, then 10 s doubling
 * to 300 s, forgotten after 600 s without a crash.
 */
import { istiodStarted, istiodStopped } from './istiod.js';
import { removePod } from './pods.js';
import { proxyStarted, proxyStopped } from './proxies.js';
import type { ContainerRuntime, PodState, TerminatedReason } from './state.js';
import { emit, setWorkingSet, touchPod, watchReadiness, type World } from './world.js';

/** ErrImagePull shows this long before the status turns to ImagePullBackOff. Model choice. */
const ERR_IMAGE_PULL_SHOWN_MS = 1_000;

function hasImage(w: World, pod: PodState, image: string): boolean {
  return w.nodes.get(pod.node)?.images.has(image) ?? false;
}

function start(w: World, pod: PodState, c: ContainerRuntime): void {
  const restart = c.lastTerminated !== null;
  c.state = 'running';
  c.waiting = null;
  c.startedAt = w.now;
  c.startAt = null;
  if (restart) {
    c.restartCount++;
    // kubelet backoff Next(): reset when expired, else double.
    const expired = c.crashBackoffSetAt === null || w.now - c.crashBackoffSetAt > w.params.crashBackoffResetMs;
    c.crashBackoffMs = expired ? w.params.crashBackoffInitialMs : Math.min(c.crashBackoffMs * 2, w.params.crashBackoffMaxMs);
    c.crashBackoffSetAt = w.now;
  }
  emit(w, 'Started', `pod/${pod.key}`, `Started container ${c.spec.name}`);
  if (c.spec.kind === 'app') w.appStarted.add(pod);
  watchReadiness(w, pod);
  w.dirty.add(pod.deployment);
  if (c.spec.kind === 'discovery') istiodStarted(w, pod);
  else if (c.spec.kind === 'proxy') {
    const proxy = w.proxies.get(pod.key);
    if (proxy) proxyStarted(w, proxy);
  }
}

/** Ends a running container and schedules its restart per the back-off. */
export function kill(w: World, pod: PodState, c: ContainerRuntime, reason: TerminatedReason, exitCode: number): void {
  c.state = 'terminated';
  c.waiting = null;
  c.lastTerminated = { reason, exitCode, at: w.now };
  watchReadiness(w, pod);
  w.kubeletWatch.add(pod);
  c.workingSetBytes = 0;
  c.cpuUsageMilli = 0;
  c.cpuThrottledRatio = 0;
  w.dirty.add(pod.deployment);
  if (reason === 'OOMKilled')
    emit(w, 'OOMKilled', `pod/${pod.key}`, `Container ${c.spec.name} was OOMKilled (exit code ${exitCode}, limit ${c.spec.memoryLimitBytes ?? 'none'})`);
  if (c.spec.kind === 'discovery') istiodStopped(w, pod);
  else if (c.spec.kind === 'proxy') {
    const proxy = w.proxies.get(pod.key);
    if (proxy) proxyStopped(w, proxy);
  }
  const inBackoff = c.crashBackoffSetAt !== null && w.now - c.crashBackoffSetAt <= w.params.crashBackoffResetMs;
  if (inBackoff) {
    c.state = 'waiting';
    c.waiting = 'CrashLoopBackOff';
    emit(w, 'BackOff', `pod/${pod.key}`, `Back-off restarting failed container ${c.spec.name} in pod ${pod.name}`);
  }
  const delay = inBackoff ? c.crashBackoffMs : 0;
  c.startAt = hasImage(w, pod, c.spec.image) ? w.now + delay : null;
  c.pullRetryAt = c.startAt === null ? w.now + delay : null;
}

function stepPull(w: World, pod: PodState, c: ContainerRuntime): void {
  const p = w.params;
  if (c.waiting === 'ErrImagePull' && c.pullFailedAt !== null && w.now - c.pullFailedAt >= ERR_IMAGE_PULL_SHOWN_MS) {
    c.waiting = 'ImagePullBackOff';
    touchPod(w, pod);
    emit(w, 'BackOff', `pod/${pod.key}`, `Back-off pulling image "${c.spec.image}"`);
  }
  const pull = c.pull;
  if (pull) {
    if (pull.doneAt > w.now) return;
    c.pull = null;
    if (pull.fails || !w.registry.reachable) {
      c.waiting = 'ErrImagePull';
      touchPod(w, pod);
      c.pullFailedAt = w.now;
      c.pullBackoffMs = c.pullBackoffMs === 0 ? p.pullBackoffInitialMs : Math.min(c.pullBackoffMs * 2, p.pullBackoffMaxMs);
      c.pullRetryAt = w.now + c.pullBackoffMs;
      emit(w, 'ErrImagePull', `pod/${pod.key}`, `Failed to pull image "${c.spec.image}": rpc error: code = Unknown desc = failed to resolve reference: dial tcp: i/o timeout`);
      return;
    }
    w.nodes.get(pod.node)?.images.add(c.spec.image);
    c.pullBackoffMs = 0;
    c.pullRetryAt = null;
    c.startAt = w.now + p.containerStartMs;
    emit(w, 'Pulled', `pod/${pod.key}`, `Successfully pulled image "${c.spec.image}" in ${((w.now - pull.startedAt) / 1000).toFixed(1)}s`);
    return;
  }
  if (c.pullRetryAt !== null && c.pullRetryAt > w.now) return;
  if (hasImage(w, pod, c.spec.image)) {
    // Another pod on the node pulled it meanwhile.
    c.pullRetryAt = null;
    c.startAt = w.now + (c.lastTerminated ? 0 : p.containerStartMs);
    return;
  }
  const fails = !w.registry.reachable;
  c.pull = { startedAt: w.now, doneAt: w.now + (fails ? p.pullFailMs : w.registry.pullDelayMs), fails };
  emit(w, 'Pulling', `pod/${pod.key}`, `Pulling image "${c.spec.image}"`);
}

/** Nothing for the kubelet to do: every container runs within its limit and the pod is not going away. */
function settled(pod: PodState): boolean {
  if (pod.goneAt !== null) return false;
  for (const c of pod.containers) {
    if (c.state !== 'running') return false;
    const limit = c.spec.memoryLimitBytes;
    if (limit !== null && c.workingSetBytes > limit) return false;
  }
  return true;
}

/** Visits the pods of World.kubeletWatch in the pods map's order: as a walk over every pod would, minus pods with nothing to do. */
export function stepKubelet(w: World): void {
  if (w.kubeletWatch.size === 0) return;
  for (const pod of w.kubeletWatch.inOrder()) {
    if (w.pods.get(pod.key) !== pod) {
      w.kubeletWatch.delete(pod);
      continue;
    }
    if (pod.goneAt !== null && pod.goneAt <= w.now) {
      removePod(w, pod);
      w.kubeletWatch.delete(pod);
      continue;
    }
    if (pod.terminatingAt !== null) continue;
    for (const c of pod.containers) {
      if (c.state === 'running') {
        const limit = c.spec.memoryLimitBytes;
        if (limit !== null && c.workingSetBytes > limit) kill(w, pod, c, 'OOMKilled', 137);
        continue;
      }
      if (c.startAt !== null) {
        if (c.startAt <= w.now) start(w, pod, c);
        continue;
      }
      stepPull(w, pod, c);
    }
    if (settled(pod)) w.kubeletWatch.delete(pod);
  }
}

/**
 * App containers hold a steady working set from their template, from the
 * first tick after they start (only a kill changes it, to zero, and a
 * restart brings the container back here): only pods whose app container
 * started since the last tick are visited.
 */
export function appMemoryTick(w: World): void {
  for (const pod of w.appStarted) {
    for (const c of pod.containers) if (c.spec.kind === 'app' && c.state === 'running') setWorkingSet(w, pod, c, c.spec.memoryBytes);
  }
  w.appStarted.clear();
}
