/**
 * Reads of the generated ServiceEntries (config-load.ts creates them). Kept
 * apart from that mutation so the push context can read them without
 * importing the code that triggers pushes.
 */
import { CONFIG_LOAD_PREFIX } from '../../operations.js';
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
