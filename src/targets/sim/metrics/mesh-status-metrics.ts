/**
 * The two gauges no upstream exporter publishes, which the baseline rules
 * (rules/istio-baseline.rules.yaml) read: `istioctl proxy-status` as counts
 * per revision and overall status, and each workload certificate's issue and
 * expiry instants. On a cluster a small exporter would publish the same from
 * istiod's /debug/syncz and the proxies' SDS.
 */
import { Exposition, formatValue, labelBody } from '../exposition.js';
import { FragmentCache } from './fragment-cache.js';
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

const CERT_FAMILIES: readonly [string, string][] = [
  ['gameday_workload_cert_expiry_timestamp_seconds', 'Expiry of the workload certificate the proxy holds, in seconds since the epoch.'],
  // The certificate's own issue instant: one issued before a TTL change keeps its old lifetime.
  ['gameday_workload_cert_issued_timestamp_seconds', 'Issue instant of the workload certificate the proxy holds, in seconds since the epoch.'],
];

/** The exporter's exposition; each proxy's certificate lines are rendered again only when it holds another certificate. */
export class MeshStatusMetrics {
  private readonly certs = new FragmentCache(CERT_FAMILIES.length);

  render(out: Exposition, { counts, certs, toWall }: MeshStatusInput): void {
    out.family('gameday_proxy_status', 'gauge', 'Connected proxies per control-plane revision and overall istioctl proxy-status.');
    for (const row of [...counts].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0))) {
      for (const [status, field] of STATUSES)
        out.sample('gameday_proxy_status', labelBody({ revision: row.revision, status }), row.overall[field]);
    }
    this.certs.begin();
    for (const c of certs) {
      const expiry = toWall(c.expiresAt) / 1000;
      const issued = toWall(c.issuedAt) / 1000;
      this.certs.add(`${c.namespace}/${c.pod}`, `${expiry} ${issued}`, () => {
        const labels = labelBody({ namespace: c.namespace, pod: c.pod });
        return [
          `${CERT_FAMILIES[0]![0]}{${labels}} ${formatValue(expiry)}\n`,
          `${CERT_FAMILIES[1]![0]}{${labels}} ${formatValue(issued)}\n`,
        ];
      });
    }
    this.certs.end();
    CERT_FAMILIES.forEach(([name, help], f) => {
      out.family(name, 'gauge', help);
      this.certs.write(out, f);
    });
  }
}

/** One rendering with nothing cached (tests, and the cluster's exporter, which renders exactly as the simulator does). */
export function renderMeshStatus(out: Exposition, input: MeshStatusInput): void {
  new MeshStatusMetrics().render(out, input);
}
