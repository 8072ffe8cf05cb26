/**
 * Pod readiness as the kubelet's probes see it: every container running,
 * an injected pod's sidecar has received CDS and LDS once (`/healthz/ready`,
 * FACTS "Sidecar readiness"), istiod's caches synced. Going ready waits for
 * the next probe tick; a dead container makes the pod unready at once. Ready
 * pods are their Service's endpoints.
 */
import { setEndpoint } from './service-registry.js';
import type { PodState } from './state.js';
import type { World } from './world.js';

/** istiod chart readinessProbe period (3 s). Chart value, not in FACTS. */
const ISTIOD_READINESS_PERIOD_MS = 3_000;

function conditionsMet(w: World, pod: PodState): boolean {
  for (const c of pod.containers) if (c.state !== 'running') return false;
  if (pod.revision !== null && !(w.proxies.get(pod.key)?.initialConfig ?? false)) return false;
  if (pod.role === 'istiod' && (w.istiods.get(pod.key)?.syncedAt ?? null) === null) return false;
  return pod.containers.length > 0;
}

function period(w: World, pod: PodState): number {
  if (pod.role === 'istiod') return ISTIOD_READINESS_PERIOD_MS;
  return pod.revision !== null ? w.params.sidecarReadinessPeriodMs : w.params.readinessPeriodMs;
}

export function stepReadiness(w: World): void {
  for (const pod of w.pods.values()) {
    if (pod.terminatingAt !== null) continue;
    if (!conditionsMet(w, pod)) {
      pod.readyCandidateAt = null;
      if (pod.ready) {
        pod.ready = false;
        setEndpoint(w, pod, false);
        w.dirty.add(pod.deployment);
      }
      continue;
    }
    if (pod.ready) continue;
    pod.readyCandidateAt ??= w.now;
    const per = period(w, pod);
    const tick = pod.createdAt + Math.ceil((pod.readyCandidateAt - pod.createdAt) / per) * per;
    if (w.now >= tick) {
      pod.ready = true;
      setEndpoint(w, pod, true);
      w.dirty.add(pod.deployment);
    }
  }
}
