/**
 * The ReplicaSet controller: creates pods up to the desired count (through
 * admission; a rejection is a FailedCreate event and a retry with back-off)
 * and deletes surplus pods, unready and newest first, as Kubernetes ranks them.
 */
import { createPod, terminatePod } from './pods.js';
import type { DeploymentState, PodState, ReplicaSetState } from './state.js';
import { emit, type World } from './world.js';

function deletionRank(a: PodState, b: PodState): number {
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  return b.createdAt - a.createdAt || (a.key < b.key ? -1 : 1);
}

export function syncReplicaSet(w: World, d: DeploymentState, rs: ReplicaSetState): void {
  const live: PodState[] = [];
  for (const p of rs.pods.values()) {
    if (p.terminatingAt === null) live.push(p);
  }
  if (live.length > rs.replicas) {
    live.sort(deletionRank);
    for (const p of live.slice(0, live.length - rs.replicas)) terminatePod(w, p.key);
    return;
  }
  if (live.length === rs.replicas || rs.createRetryAt > w.now) return;
  for (let i = live.length; i < rs.replicas; i++) {
    const r = createPod(w, d, rs);
    if (r.ok) continue;
    const p = w.params;
    rs.createBackoffMs = rs.createBackoffMs === 0 ? p.createRetryInitialMs : Math.min(rs.createBackoffMs * 2, p.createRetryMaxMs);
    rs.createRetryAt = w.now + rs.createBackoffMs;
    d.condition = `FailedCreate: ${r.message}`;
    emit(w, 'FailedCreate', `replicaset/${rs.key}`, `Error creating: ${r.message}`);
    return;
  }
  rs.createBackoffMs = 0;
  rs.createRetryAt = 0;
  if (d.condition?.startsWith('FailedCreate')) d.condition = null;
}
