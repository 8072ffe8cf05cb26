/**
 * Generated ServiceEntries (`set-config-load`): config istiod must watch,
 * hold and push that no modelled workload serves. Each one is a config object
 * and a service in the push context, so it costs istiod memory on both counts
 * (params.ts) and every proxy a cluster; with no Sidecar resource or
 * `exportTo` limiting them (the harness writes neither), every proxy gets
 * every one, as Istio's default visibility gives.
 */
import { CONFIG_LOAD_PREFIX } from '../../operations.js';
import { configChanged } from './service-registry.js';
import type { ServiceKey } from './state.js';
import type { World } from './world.js';

/**
 * Push-context key of a generated ServiceEntry. The `ServiceEntry/` prefix keeps it apart from
 * the `namespace/name` keys of Kubernetes Services, which a same-named Service would otherwise shadow.
 */
export function serviceEntryKey(namespace: string, i: number): ServiceKey {
  return `ServiceEntry/${namespace}/${CONFIG_LOAD_PREFIX}${i}`;
}

export function configLoadOf(w: World, namespace: string): number {
  return w.configLoad.get(namespace) ?? 0;
}

/** Generated ServiceEntries across namespaces. */
export function serviceEntryTotal(w: World): number {
  let n = 0;
  for (const v of w.configLoad.values()) n += v;
  return n;
}

export function serviceEntryKeys(w: World): ServiceKey[] {
  const out: ServiceKey[] = [];
  for (const [ns, n] of w.configLoad) for (let i = 0; i < n; i++) out.push(serviceEntryKey(ns, i));
  return out;
}

/** Creates or deletes generated ServiceEntries until the namespace holds exactly `n`. */
export function setConfigLoad(w: World, namespace: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`serviceEntries must be an integer ≥ 0, got ${n}`);
  if (!w.namespaces.has(namespace)) throw new Error(`namespace ${namespace} not found`);
  const before = configLoadOf(w, namespace);
  // Absent and zero are the same state: deleting the entry keeps comparableState free of zeros.
  if (n === 0) w.configLoad.delete(namespace);
  else w.configLoad.set(namespace, n);
  // One watch event per object created or deleted, as istiod's informers would see them;
  // the debounce merges them into one full push.
  for (let i = Math.abs(n - before); i > 0; i--) configChanged(w);
  const what = n > before ? `${n - before} created` : n < before ? `${before - n} deleted` : 'unchanged';
  return `serviceentries ${namespace}/${CONFIG_LOAD_PREFIX}* ${before} → ${n} (${what})`;
}
