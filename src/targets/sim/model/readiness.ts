/**
 * Pod readiness as the kubelet's probes see it: every container running,
 * an injected pod's sidecar has received CDS and LDS once (`/healthz/ready`,
 * docs/istio.md#sidecar-readiness), istiod's caches synced. Going ready waits for
 * the next probe tick; a dead container makes the pod unready at once. Ready
 * pods are their Service's endpoints.
 */
import { setEndpoint } from './service-registry.js';
import type { ContainerKind, ContainerRuntime, PodState } from './state.js';
import { touchPod, type World } from './world.js';

/** istiod chart readinessProbe period (3 s). Chart value (docs/istio.md#istiod-chart-defaults). */
const ISTIOD_READINESS_PERIOD_MS = 3_000;

/** What one container's probe checks, probe tick aside (injection always adds a proxy container, istiod pods have discovery). */
function containerConditionMet(w: World, pod: PodState, c: ContainerRuntime): boolean {
  if (c.state !== 'running') return false;
  if (c.spec.kind === 'proxy') return w.proxies.get(pod.key)?.initialConfig ?? false;
  if (c.spec.kind === 'discovery') return (w.istiods.get(pod.key)?.syncedAt ?? null) !== null;
  return true;
}

function conditionsMet(w: World, pod: PodState): boolean {
  if (pod.containers.length === 0) return false;
  for (const c of pod.containers) if (!containerConditionMet(w, pod, c)) return false;
  return true;
}

/** The container whose probe period paces the pod's readiness (see `period`). */
function pacingKind(pod: PodState): ContainerKind {
  if (pod.role === 'istiod') return 'discovery';
  return pod.revision !== null ? 'proxy' : 'app';
}

function period(w: World, pod: PodState): number {
  if (pod.role === 'istiod') return ISTIOD_READINESS_PERIOD_MS;
  return pod.revision !== null ? w.params.sidecarReadinessPeriodMs : w.params.readinessPeriodMs;
}

/**
 * Per-container readiness, consistent with the pod's: a terminating pod's containers are
 * unready with it, and while every condition holds but the probe tick is still to come the
 * pacing container is the one not yet ready, so a pod is Ready exactly when all its containers are.
 */
export function containersReady(w: World, pod: PodState): boolean[] {
  if (pod.terminatingAt !== null) return pod.containers.map(() => false);
  const met = pod.containers.map((c) => containerConditionMet(w, pod, c));
  const awaitingTick = !pod.ready && met.every(Boolean);
  const pacing = pacingKind(pod);
  return pod.containers.map((c, i) => met[i]! && !(awaitingTick && c.spec.kind === pacing));
}

/**
 * The watched pods (see World.readinessWatch) in the pods map's order. A pod
 * stays watched only while its conditions hold and its probe tick is to come.
 */
export function stepReadiness(w: World): void {
  if (w.readinessWatch.size === 0) return;
  for (const pod of w.readinessWatch.inOrder()) {
    if (w.pods.get(pod.key) !== pod || pod.terminatingAt !== null) {
      w.readinessWatch.delete(pod);
      continue;
    }
    if (!conditionsMet(w, pod)) {
      pod.readyCandidateAt = null;
      if (pod.ready) {
        pod.ready = false;
        touchPod(w, pod);
        setEndpoint(w, pod, false);
        w.dirty.add(pod.deployment);
      }
      // Whatever would meet them calls watchReadiness (a container starts, the proxy gets its config, istiod syncs).
      w.readinessWatch.delete(pod);
      continue;
    }
    if (pod.ready) {
      w.readinessWatch.delete(pod);
      continue;
    }
    pod.readyCandidateAt ??= w.now;
    const per = period(w, pod);
    const tick = pod.createdAt + Math.ceil((pod.readyCandidateAt - pod.createdAt) / per) * per;
    if (w.now >= tick) {
      pod.ready = true;
      touchPod(w, pod);
      setEndpoint(w, pod, true);
      w.dirty.add(pod.deployment);
    }
  }
}
