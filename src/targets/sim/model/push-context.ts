/**
 * istiod's push context: the endpoints, services (Kubernetes Services and
 * generated ServiceEntries) and policies one push carries. Built
 * copy-on-write from the previous one, and only when something changed, so a
 * churn storm costs one map copy per push, not per proxy.
 */
import { serviceEntryKeys } from './service-entries.js';
import type { PodKey, PushContext, ServiceKey } from './state.js';
import type { World } from './world.js';

export function currentContext(w: World): PushContext {
  const last = w.lastContext;
  if (last && w.changedServices.size === 0 && !w.configChanged) return last;
  const endpoints = new Map<ServiceKey, readonly PodKey[]>(last?.endpoints ?? []);
  const changed = last ? w.changedServices : new Set(w.services.keys());
  for (const k of changed) {
    const svc = w.services.get(k);
    if (svc) endpoints.set(k, [...svc.ready]);
    else endpoints.delete(k);
  }
  const services = w.configChanged || !last ? new Set([...w.services.keys(), ...serviceEntryKeys(w)]) : last.services;
  const policies =
    w.configChanged || !last ? [...w.policies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p) : last.policies;
  const ctx: PushContext = { version: ++w.contextSeq, builtAt: w.now, endpoints, services, policies };
  w.changedServices.clear();
  w.configChanged = false;
  w.lastContext = ctx;
  return ctx;
}
