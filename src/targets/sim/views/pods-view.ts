/** `kubectl get pods -A`: NAMESPACE NAME READY STATUS RESTARTS AGE. */
import type { MeshSnapshot, PodView } from '../../views.js';
import { humanDuration } from './age.js';
import { renderTable } from './table.js';

/** The STATUS kubectl prints: a waiting or terminated reason wins over the phase. */
export function podStatus(pod: PodView): string {
  for (const c of pod.containers) {
    if (c.status.state === 'waiting') return c.status.reason;
    if (c.status.state === 'terminated') return c.status.reason;
  }
  return pod.phase;
}

function readyContainers(pod: PodView): number {
  if (pod.containers.every((c) => c.ready !== undefined)) return pod.containers.filter((c) => c.ready).length;
  const running = pod.containers.filter((c) => c.status.state === 'running');
  if (pod.ready) return running.length;
  // A target that does not tell per-container readiness: an unready pod has (at least) one running
  // container failing its probe — in a mesh usually the sidecar that got no config from istiod.
  return Math.max(0, running.length - 1);
}

function restarts(pod: PodView, now: number): string {
  const total = pod.containers.reduce((n, c) => n + c.restartCount, 0);
  const last = Math.max(...pod.containers.map((c) => c.lastTerminated?.at ?? -Infinity));
  return total > 0 && Number.isFinite(last) ? `${total} (${humanDuration(now - last)} ago)` : String(total);
}

export function renderPods(snap: Pick<MeshSnapshot, 'at' | 'pods'>): string {
  const pods = [...snap.pods].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return renderTable(
    ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    pods.map((p) => [
      p.namespace,
      p.name,
      `${readyContainers(p)}/${p.containers.length}`,
      podStatus(p),
      restarts(p, snap.at),
      humanDuration(snap.at - p.createdAt),
    ]),
  );
}
