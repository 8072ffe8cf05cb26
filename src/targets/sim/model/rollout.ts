/**
 * The Deployment controller: one ReplicaSet per template hash; a rolling
 * update honours maxSurge (rounded up) and maxUnavailable (rounded down, and
 * 1 if both come to 0) as Kubernetes resolves them (docs/kubernetes.md#deployment-rollouts: 25% of one
 * replica is 0, so a one-replica istiod with the chart's strategy keeps its old
 * pod until the new one is ready); Recreate removes every old pod before
 * creating new ones.
 */
import type { RolloutStrategy } from '../../operations.js';
import { syncReplicaSet } from './replica-sets.js';
import type { DeploymentState, ReplicaSetState } from './state.js';
import { key, type World } from './world.js';

/** Rolling-update values parsed once: a mesh has few strategies, and a churn storm reconciles Deployments every step. */
const PARSED = new Map<string, { percent: boolean; n: number }>();

function parseValue(v: string): { percent: boolean; n: number } {
  let p = PARSED.get(v);
  if (p === undefined) {
    const m = /^(\d+)%$/.exec(v.trim());
    const n = m ? Number(m[1]) : Number(v);
    if (!m && (!Number.isInteger(n) || n < 0)) throw new Error(`invalid rolling-update value "${v}": want an integer or a percentage`);
    p = { percent: m !== null, n };
    PARSED.set(v, p);
  }
  return p;
}

function resolve(v: string, replicas: number, roundUp: boolean): number {
  const p = parseValue(v);
  if (!p.percent) return p.n;
  const x = (p.n * replicas) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** maxSurge and maxUnavailable as pod counts for `replicas`. */
export function fenceposts(s: RolloutStrategy, replicas: number): { surge: number; unavailable: number } {
  if (s.type === 'Recreate') return { surge: 0, unavailable: replicas };
  const surge = resolve(s.maxSurge, replicas, true);
  let unavailable = resolve(s.maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

function livePods(rs: ReplicaSetState): number {
  let n = 0;
  for (const p of rs.pods.values()) if (p.terminatingAt === null) n++;
  return n;
}

function availablePods(rs: ReplicaSetState): number {
  let n = 0;
  for (const p of rs.pods.values()) {
    if (p.terminatingAt === null && p.ready) n++;
  }
  return n;
}

export function replicaSetsOf(w: World, d: DeploymentState): ReplicaSetState[] {
  const out = [...(w.replicaSetsByDeployment.get(d.key) ?? [])];
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
}

function newReplicaSet(w: World, d: DeploymentState): ReplicaSetState {
  const k = key(d.namespace, `${d.name}-${d.templateHash}`);
  let rs = w.replicaSets.get(k);
  if (!rs) {
    rs = {
      key: k,
      namespace: d.namespace,
      name: `${d.name}-${d.templateHash}`,
      deployment: d.key,
      hash: d.templateHash,
      template: structuredClone(d.template),
      replicas: 0,
      createdAt: w.now,
      pods: new Map(),
      createRetryAt: 0,
      createBackoffMs: 0,
    };
    w.replicaSets.set(k, rs);
    let own = w.replicaSetsByDeployment.get(d.key);
    if (!own) w.replicaSetsByDeployment.set(d.key, (own = new Set()));
    own.add(rs);
  }
  return rs;
}

function rollingUpdate(d: DeploymentState, fresh: ReplicaSetState, old: ReplicaSetState[]): void {
  const { surge, unavailable } = fenceposts(d.strategy, d.replicas);
  const all = [fresh, ...old];
  if (old.every((rs) => rs.replicas === 0)) {
    fresh.replicas = d.replicas;
    return;
  }
  const total = all.reduce((n, rs) => n + rs.replicas, 0);
  if (fresh.replicas < d.replicas) {
    const up = Math.min(d.replicas + surge - total, d.replicas - fresh.replicas);
    if (up > 0) fresh.replicas += up;
  } else if (fresh.replicas > d.replicas) fresh.replicas = d.replicas;
  const minAvailable = d.replicas - unavailable;
  const allPods = all.reduce((n, rs) => n + livePods(rs), 0);
  const freshUnavailable = fresh.replicas - availablePods(fresh);
  let budget = allPods - minAvailable - freshUnavailable;
  if (budget <= 0) return;
  // First old pods that are not available anyway, then available ones down to minAvailable.
  for (const rs of old) {
    if (budget <= 0) break;
    const unhealthy = Math.max(0, rs.replicas - availablePods(rs));
    const cut = Math.min(unhealthy, budget, rs.replicas);
    rs.replicas -= cut;
    budget -= cut;
  }
  let available = all.reduce((n, rs) => n + Math.min(rs.replicas, availablePods(rs)), 0);
  for (const rs of old) {
    const cut = Math.min(rs.replicas, available - minAvailable);
    if (cut <= 0) break;
    rs.replicas -= cut;
    available -= cut;
  }
}

function recreate(d: DeploymentState, fresh: ReplicaSetState, old: ReplicaSetState[]): void {
  for (const rs of old) rs.replicas = 0;
  const oldPodsLeft = old.some((rs) => rs.pods.size > 0);
  fresh.replicas = oldPodsLeft ? 0 : d.replicas;
}

export function reconcileDeployment(w: World, d: DeploymentState): void {
  const fresh = newReplicaSet(w, d);
  const old = replicaSetsOf(w, d).filter((rs) => rs !== fresh && (rs.replicas > 0 || rs.pods.size > 0));
  if (d.strategy.type === 'Recreate') recreate(d, fresh, old);
  else rollingUpdate(d, fresh, old);
  for (const rs of [...old, fresh]) syncReplicaSet(w, d, rs);
}

/** Runs the controllers for Deployments that changed, and for ReplicaSets whose create retry is due. */
export function stepControllers(w: World): void {
  for (const rs of w.replicaSets.values()) {
    if (rs.createBackoffMs > 0 && rs.createRetryAt <= w.now) w.dirty.add(rs.deployment);
  }
  if (w.dirty.size === 0) return;
  const keys = [...w.dirty].sort();
  w.dirty.clear();
  for (const k of keys) {
    const d = w.deployments.get(k);
    if (d) reconcileDeployment(w, d);
  }
}
