/** `kubectl get deployments -A`: NAMESPACE NAME READY UP-TO-DATE AVAILABLE AGE, plus the last condition worth telling. */
import type { MeshSnapshot } from '../../views.js';
import { humanDuration } from './age.js';
import { renderTable } from './table.js';

export function renderDeployments(snap: Pick<MeshSnapshot, 'at' | 'deployments' | 'pods'>): string {
  // For a target that does not tell a Deployment's creation time, its oldest pod stands in for it.
  const oldest = new Map<string, number>();
  for (const p of snap.pods) {
    const key = `${p.namespace}/${p.workload}`;
    oldest.set(key, Math.min(oldest.get(key) ?? Infinity, p.createdAt));
  }
  const deployments = [...snap.deployments].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return renderTable(
    ['NAMESPACE', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONDITION'],
    deployments.map((d) => {
      const since = d.createdAt ?? oldest.get(`${d.namespace}/${d.name}`);
      return [
        d.namespace,
        d.name,
        `${d.readyReplicas}/${d.replicas}`,
        String(d.updatedReplicas),
        String(d.availableReplicas),
        since === undefined ? '<unknown>' : humanDuration(snap.at - since),
        d.condition ?? '',
      ];
    }),
  );
}
