/**
 * `istioctl proxy-status`: NAME CLUSTER CDS LDS EDS RDS ECDS ISTIOD VERSION,
 * connected proxies only (one that is not connected is absent, as on a cluster).
 */
import type { MeshSnapshot } from '../../views.js';
import { CLUSTER_ID } from '../istio-labels.js';
import { renderTable } from './table.js';

export function renderProxyStatus(snap: Pick<MeshSnapshot, 'proxies'>): string {
  const rows = snap.proxies.filter((p) => p.istiod !== null).sort((a, b) => a.name.localeCompare(b.name));
  return renderTable(
    ['NAME', 'CLUSTER', 'CDS', 'LDS', 'EDS', 'RDS', 'ECDS', 'ISTIOD', 'VERSION'],
    rows.map((p) => [p.name, CLUSTER_ID, p.status.CDS, p.status.LDS, p.status.EDS, p.status.RDS, p.status.ECDS, p.istiod ?? '', p.version]),
  );
}
