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
import { configLoadOf } from './service-entries.js';
import type { World } from './world.js';

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
