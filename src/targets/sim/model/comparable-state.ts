/**
 * The user-visible configuration in a normalised form, without pod names,
 * counters or anything that moves with time: two models with the same
 * configuration give deep-equal values, so a test can compare "before
 * injection" with "after revert".
 */
import type { World } from './world.js';

export interface ComparableState {
  namespaces: Record<string, Record<string, string>>;
  deployments: Record<
    string,
    {
      replicas: number;
      strategy: unknown;
      labels: Record<string, string>;
      template: unknown;
    }
  >;
  revisions: Record<string, { version: string; deployment: string }>;
  tags: Record<string, string>;
  policies: Record<string, unknown>;
  nodes: Record<string, string[]>;
  registry: { reachable: boolean; pullDelayMs: number };
  certTtlMs: number;
  synthetic: { proxies: number; configObjects: number };
  /** Generated ServiceEntries per namespace (namespaces with none left out). */
  configLoad: Record<string, number>;
}

function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function comparableState(w: World): ComparableState {
  return {
    namespaces: sortedRecord([...w.namespaces.values()].map((n) => [n.name, { ...n.labels }])),
    deployments: sortedRecord(
      [...w.deployments.values()].map((d) => [
        d.key,
        { replicas: d.replicas, strategy: structuredClone(d.strategy), labels: { ...d.labels }, template: structuredClone(d.template) },
      ]),
    ),
    revisions: sortedRecord([...w.revisions.values()].map((r) => [r.revision, { version: r.version, deployment: r.deployment }])),
    tags: sortedRecord([...w.tags.entries()]),
    policies: sortedRecord([...w.policies.entries()].map(([k, p]) => [k, structuredClone(p)])),
    nodes: sortedRecord([...w.nodes.values()].map((n) => [n.name, [...n.images].sort()])),
    registry: { ...w.registry },
    certTtlMs: w.certTtlMs,
    synthetic: { ...w.synthetic },
    configLoad: sortedRecord([...w.configLoad.entries()]),
  };
}
