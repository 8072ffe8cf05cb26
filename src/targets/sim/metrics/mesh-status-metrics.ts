/**
 * The two gauges no upstream exporter publishes, which the baseline rules
 * (rules/istio-baseline.rules.yaml) read: `istioctl proxy-status` as counts
 * per revision and overall status, and each workload certificate's issue and
 * expiry instants. On a cluster a small exporter would publish the same from
 * istiod's /debug/syncz and the proxies' SDS.
 */
import { Exposition, labelBody } from '../exposition.js';
import type { ProxyStatusRow, SyncStatus } from '../../views.js';

const STATUSES: readonly SyncStatus[] = ['SYNCED', 'STALE', 'NOT SENT'];

/** One proxy's overall status: STALE if any type is, NOT SENT if nothing was ever sent, else SYNCED. */
export function overallStatus(row: ProxyStatusRow): SyncStatus {
  const values = Object.values(row.status);
  if (values.includes('STALE')) return 'STALE';
  if (values.every((v) => v === 'NOT SENT')) return 'NOT SENT';
  return 'SYNCED';
}

export interface MeshStatusInput {
  proxies: readonly ProxyStatusRow[];
  /** Lifetime new certificates are issued with, to date a certificate's issue from its expiry. */
  certTtlMs: number;
  /** Model instant → clock instant (epoch ms), so `… - time()` works in Prometheus. */
  toWall: (modelMs: number) => number;
}

export function renderMeshStatus(out: Exposition, { proxies, certTtlMs, toWall }: MeshStatusInput): void {
  const counts = new Map<string, Record<SyncStatus, number>>();
  for (const row of proxies) {
    let c = counts.get(row.revision);
    if (!c) counts.set(row.revision, (c = { SYNCED: 0, STALE: 0, 'NOT SENT': 0 }));
    // istioctl lists only connected proxies; the revision's series stay, at zero, while none is.
    if (row.istiod !== null) c[overallStatus(row)]++;
  }
  out.family('gameday_proxy_status', 'gauge', 'Connected proxies per control-plane revision and overall istioctl proxy-status.');
  for (const revision of [...counts.keys()].sort()) {
    const c = counts.get(revision)!;
    for (const status of STATUSES) out.sample('gameday_proxy_status', labelBody({ revision, status }), c[status]);
  }

  const withCert = proxies.filter((p) => p.certExpiresAt !== null);
  const podLabels = withCert.map((p) => labelBody({ namespace: p.namespace, pod: podName(p) }));
  out.family(
    'gameday_workload_cert_expiry_timestamp_seconds',
    'gauge',
    'Expiry of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  withCert.forEach((p, i) => out.sample('gameday_workload_cert_expiry_timestamp_seconds', podLabels[i]!, toWall(p.certExpiresAt!) / 1000));
  out.family(
    'gameday_workload_cert_issued_timestamp_seconds',
    'gauge',
    'Issue instant of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  withCert.forEach((p, i) =>
    out.sample('gameday_workload_cert_issued_timestamp_seconds', podLabels[i]!, toWall(p.certExpiresAt! - certTtlMs) / 1000),
  );
}

/** `<pod>.<namespace>` → `<pod>`. */
export function podName(row: ProxyStatusRow): string {
  const suffix = `.${row.namespace}`;
  return row.name.endsWith(suffix) ? row.name.slice(0, -suffix.length) : row.name;
}
