/**
 * The two gauges no upstream exporter publishes, which the baseline rules
 * (rules/istio-baseline.rules.yaml) read: `istioctl proxy-status` as counts
 * per revision and overall status, and each workload certificate's issue and
 * expiry instants. On a cluster a small exporter would publish the same from
 * istiod's /debug/syncz and the proxies' SDS.
 */
import { Exposition, labelBody } from '../exposition.js';
import type { ProxyStatusCount, WorkloadCertReading } from '../model/readings.js';
import type { SyncStatus } from '../../views.js';

const STATUSES: readonly [SyncStatus, keyof ProxyStatusCount['overall']][] = [
  ['SYNCED', 'synced'],
  ['STALE', 'stale'],
  ['NOT SENT', 'notSent'],
];

export interface MeshStatusInput {
  /** Per revision; istioctl lists only connected proxies, so a revision with none connected has its series at zero. */
  counts: readonly ProxyStatusCount[];
  certs: readonly WorkloadCertReading[];
  /** Model instant → clock instant (epoch ms), so `… - time()` works in Prometheus. */
  toWall: (modelMs: number) => number;
}

export function renderMeshStatus(out: Exposition, { counts, certs, toWall }: MeshStatusInput): void {
  out.family('gameday_proxy_status', 'gauge', 'Connected proxies per control-plane revision and overall istioctl proxy-status.');
  for (const row of [...counts].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0))) {
    for (const [status, field] of STATUSES)
      out.sample('gameday_proxy_status', labelBody({ revision: row.revision, status }), row.overall[field]);
  }

  const podLabels = certs.map((c) => labelBody({ namespace: c.namespace, pod: c.pod }));
  out.family(
    'gameday_workload_cert_expiry_timestamp_seconds',
    'gauge',
    'Expiry of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  certs.forEach((c, i) => out.sample('gameday_workload_cert_expiry_timestamp_seconds', podLabels[i]!, toWall(c.expiresAt) / 1000));
  out.family(
    'gameday_workload_cert_issued_timestamp_seconds',
    'gauge',
    'Issue instant of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  // The certificate's own issue instant: one issued before a TTL change keeps its old lifetime.
  certs.forEach((c, i) => out.sample('gameday_workload_cert_issued_timestamp_seconds', podLabels[i]!, toWall(c.issuedAt) / 1000));
}
