/** `kubectl get nodes`, with each node's cached images (what `crictl images` would list there). */
import type { MeshSnapshot } from '../../views.js';
import { renderTable } from './table.js';

export function renderNodes(snap: Pick<MeshSnapshot, 'nodes'>): string {
  const nodes = [...snap.nodes].sort((a, b) => a.name.localeCompare(b.name));
  return renderTable(
    ['NAME', 'STATUS', 'IMAGES'],
    nodes.map((n) => [n.name, n.ready ? 'Ready' : 'NotReady', [...n.images].sort().join(',') || '<none>']),
  );
}
