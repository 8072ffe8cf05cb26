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

/** The certificate a proxy's lines show, in model time. */
interface ShownCert {
  issuedAt: number;
  expiresAt: number;
}

/**
 * The exporter's exposition; each proxy's certificate lines are rendered
 * again only when it holds another certificate. The memo is the certificate's
 * model instants: comparing two numbers costs nothing, where formatting a
 * signature of wall instants cost most of a scrape at 10,000 pods. A new
 * `toWall` therefore starts the cache afresh.
 */
export class MeshStatusMetrics {
  private certs = new FragmentCache<ShownCert>(CERT_FAMILIES.length);
  private toWall: ((modelMs: number) => number) | null = null;

  render(out: Exposition, { counts, certs, toWall }: MeshStatusInput): void {
    out.family('gameday_proxy_status', 'gauge', 'Connected proxies per control-plane revision and overall istioctl proxy-status.');
    for (const row of [...counts].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0))) {
      for (const [status, field] of STATUSES)
        out.sample('gameday_proxy_status', labelBody({ revision: row.revision, status }), row.overall[field]);
    }
    if (toWall !== this.toWall) {
      this.certs = new FragmentCache<ShownCert>(CERT_FAMILIES.length);
      this.toWall = toWall;
    }
    this.certs.begin();
    for (const c of certs) {
      const f = this.certs.visit(`${c.namespace}/${c.pod}`);
      if (f.memo !== undefined && f.memo.issuedAt === c.issuedAt && f.memo.expiresAt === c.expiresAt) continue;
      f.memo = { issuedAt: c.issuedAt, expiresAt: c.expiresAt };
      const labels = labelBody({ namespace: c.namespace, pod: c.pod });
      this.certs.set(f, 0, `${CERT_FAMILIES[0]![0]}{${labels}} ${formatValue(toWall(c.expiresAt) / 1000)}\n`);
      this.certs.set(f, 1, `${CERT_FAMILIES[1]![0]}{${labels}} ${formatValue(toWall(c.issuedAt) / 1000)}\n`);
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
