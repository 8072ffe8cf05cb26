/**
 * What an informer's update means for a person reading a timeline: who wrote
 * it (from the object's managedFields) and what changed, in a few words —
 * `replicas 3 → 1`, `image app: v1 → v2`, `spec.action DENY → ALLOW`. Pure:
 * the change informers feed it the object before and after the write.
 */
import type { V1Container, V1Deployment, V1ManagedFieldsEntry } from '@kubernetes/client-node';
import { RESTARTED_AT } from './deployment-ops.js';
import { DRY_RUN } from './istio-objects.js';

/** An Istio custom object as a watch delivers it: only its spec and annotations are read here. */
export interface SpecObject {
  metadata?: { annotations?: Record<string, string> };
  spec?: unknown;
}

const entryKey = (e: V1ManagedFieldsEntry): string => `${e.manager ?? ''}|${e.operation ?? ''}|${e.subresource ?? ''}`;
const timeOf = (e: V1ManagedFieldsEntry): number => (e.time ? new Date(e.time).getTime() : 0);

/**
 * The field managers that made the write between `before` and `after`: the entries that are new or
 * whose time moved (the API server stamps the writer's entry — see `time` in
 * https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.31/#managedfieldsentry-v1-meta).
 * Status writes (controllers reporting) are not changes of what someone asked for, so never writers.
 * Times have a one-second grain: a second write by the same manager within the second moves nothing,
 * and then the newest entries are the best answer there is.
 */
export function writersOf(before: V1ManagedFieldsEntry[] | undefined, after: V1ManagedFieldsEntry[] | undefined): string[] {
  const now = (after ?? []).filter((e) => e.subresource !== 'status');
  const was = new Map((before ?? []).map((e) => [entryKey(e), e]));
  let moved = now.filter((e) => {
    const old = was.get(entryKey(e));
    return !old || timeOf(old) !== timeOf(e);
  });
  if (moved.length === 0 && now.length > 0) {
    const newest = Math.max(...now.map(timeOf));
    moved = now.filter((e) => timeOf(e) === newest);
  }
  return [...new Set(moved.map((e) => e.manager ?? 'unknown'))];
}

const arrow = (a: unknown, b: unknown): string => `${show(a)} → ${show(b)}`;
function show(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
/**
 * Equal as the API server means it. An informer's first list comes through client-node's typed models
 * (keys in the model's order, timestamps as Dates, absent fields as undefined) and its watch as plain
 * JSON: compare both in one canonical form.
 */
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
function canonical(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString().replace('.000Z', 'Z'));
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return `{${entries
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function containerChanges(before: V1Container[], after: V1Container[]): string[] {
  const out: string[] = [];
  const was = new Map(before.map((c) => [c.name, c]));
  for (const c of after) {
    const o = was.get(c.name);
    if (!o) {
      out.push(`container ${c.name} added`);
      continue;
    }
    if (o.image !== c.image) out.push(`image ${c.name}: ${arrow(o.image, c.image)}`);
    for (const side of ['limits', 'requests'] as const) {
      const a = o.resources?.[side] ?? {};
      const b = c.resources?.[side] ?? {};
      for (const r of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        if (!same(a[r], b[r])) out.push(`${r} ${side.slice(0, -1)} ${c.name}: ${arrow(a[r], b[r])}`);
    }
  }
  for (const c of before) if (!after.some((a) => a.name === c.name)) out.push(`container ${c.name} removed`);
  return out;
}

/** What a write changed in a Deployment's spec, or null when its spec did not change (status, labels, the controller's annotations). */
export function deploymentChange(before: V1Deployment, after: V1Deployment): string | null {
  const a = before.spec;
  const b = after.spec;
  if (same(a, b)) return null;
  const out: string[] = [];
  if ((a?.replicas ?? 1) !== (b?.replicas ?? 1)) out.push(`replicas ${arrow(a?.replicas ?? 1, b?.replicas ?? 1)}`);
  out.push(...containerChanges(a?.template.spec?.containers ?? [], b?.template.spec?.containers ?? []));
  const restartedBefore = a?.template.metadata?.annotations?.[RESTARTED_AT];
  const restartedAfter = b?.template.metadata?.annotations?.[RESTARTED_AT];
  if (restartedAfter && restartedAfter !== restartedBefore) out.push('rollout restart');
  if (!same(a?.strategy, b?.strategy)) out.push(`strategy ${arrow(a?.strategy?.type, b?.strategy?.type)}`);
  return out.length > 0 ? out.join(', ') : 'spec changed';
}

/** What a write changed in an Istio object (spec fields by name, and the dry-run annotation), or null when neither changed. */
export function istioObjectChange(before: SpecObject, after: SpecObject): string | null {
  const a = (before.spec ?? {}) as Record<string, unknown>;
  const b = (after.spec ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (same(a[k], b[k])) continue;
    const scalar = (v: unknown): boolean => v === undefined || v === null || typeof v !== 'object';
    out.push(scalar(a[k]) && scalar(b[k]) ? `spec.${k} ${arrow(a[k], b[k])}` : `spec.${k} changed`);
  }
  const dryBefore = before.metadata?.annotations?.[DRY_RUN];
  const dryAfter = after.metadata?.annotations?.[DRY_RUN];
  if (dryBefore !== dryAfter) out.push(`${DRY_RUN} ${arrow(dryBefore, dryAfter)}`);
  return out.length > 0 ? out.join(', ') : null;
}

/** A new object in a few words: an AuthorizationPolicy's action, a Deployment's replicas. */
export function createdSummary(o: SpecObject | V1Deployment): string {
  const spec = (o.spec ?? {}) as { action?: unknown; replicas?: unknown };
  if (typeof spec.action === 'string') return `created (action ${spec.action})`;
  if (typeof spec.replicas === 'number') return `created (${spec.replicas} replicas)`;
  return 'created';
}
