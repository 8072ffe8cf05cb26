/**
 * Kubernetes' view of Services and their ready endpoints, as istiod's
 * informers see it: every change is an event for the running istiods'
 * debounce (endpoint changes → EDS pushes, config changes → full pushes).
 */
import { debounceEvent } from './push-queue.js';
import type { PodState } from './state.js';
import type { World } from './world.js';

/** Puts a pod in or out of its Service's endpoints (ready and not terminating). */
export function setEndpoint(w: World, pod: PodState, inService: boolean): void {
  const svc = w.services.get(pod.deployment);
  if (!svc) return;
  const has = svc.ready.has(pod.key);
  if (has === inService) return;
  if (inService) svc.ready.add(pod.key);
  else svc.ready.delete(pod.key);
  w.changedServices.add(svc.key);
  debounceEvent(w, 'eds');
}

/** A config object (Service, AuthorizationPolicy) changed: istiods need a full push. */
export function configChanged(w: World): void {
  w.configChanged = true;
  debounceEvent(w, 'config');
}
