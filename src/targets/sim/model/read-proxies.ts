/**
 * The proxies' readings: `istioctl proxy-status` counts and the workload certificates.
 * Both walk the proxies directly, without a snapshot, as they are read on every scrape.
 */
import type { SyncStatus } from '../../views.js';
import { certValid } from './certs.js';
import { syncStatus, XDS_TYPES } from './proxies.js';
import type { ProxyStatusCount, SyncCounts, WorkloadCertReading } from './readings.js';
import type { ProxyState } from './state.js';
import type { World } from './world.js';

const zero = (): SyncCounts => ({ synced: 0, stale: 0, notSent: 0 });

function emptyRow(revision: string): ProxyStatusCount {
  return {
    revision,
    proxies: 0,
    connected: 0,
    byType: { CDS: zero(), LDS: zero(), EDS: zero(), RDS: zero(), ECDS: zero() },
    overall: zero(),
    staleProxies: 0,
    expiredCerts: 0,
  };
}

function add(c: SyncCounts, st: SyncStatus): void {
  if (st === 'SYNCED') c.synced++;
  else if (st === 'STALE') c.stale++;
  else c.notSent++;
}

/** Counts one connected proxy by type and overall (STALE if any type is, NOT SENT if none was sent, else SYNCED). */
function countConnected(row: ProxyStatusCount, p: ProxyState): void {
  let stale = false;
  let sent = false;
  for (const t of XDS_TYPES) {
    const st = syncStatus(p.xds[t]);
    add(row.byType[t], st);
    if (st === 'STALE') stale = true;
    if (st !== 'NOT SENT') sent = true;
  }
  add(row.overall, stale ? 'STALE' : sent ? 'SYNCED' : 'NOT SENT');
  if (stale) row.staleProxies++;
}

export function proxyStatusCounts(w: World): ProxyStatusCount[] {
  const by = new Map<string, ProxyStatusCount>();
  for (const p of w.proxies.values()) {
    const pod = w.pods.get(p.pod);
    if (!pod) continue;
    let row = by.get(p.revision);
    if (!row) by.set(p.revision, (row = emptyRow(p.revision)));
    let running = false;
    for (const c of pod.containers) if (c.spec.kind === 'proxy') running = c.state === 'running';
    if (!running) continue;
    row.proxies++;
    if (!certValid(p.cert, w.now) && p.cert !== null) row.expiredCerts++;
    // Disconnected proxies are absent from istioctl proxy-status: they count as proxies, not by type.
    if (p.istiod === null) continue;
    row.connected++;
    countConnected(row, p);
  }
  return [...by.values()].sort((a, b) => (a.revision < b.revision ? -1 : 1));
}

/** Every proxy's current certificate, by pod (`namespace/name`) order; proxies without one are left out. */
export function workloadCerts(w: World): WorkloadCertReading[] {
  const out: [string, WorkloadCertReading][] = [];
  for (const p of w.proxies.values()) {
    const pod = w.pods.get(p.pod);
    if (!pod || p.cert === null) continue;
    out.push([pod.key, { namespace: pod.namespace, pod: pod.name, issuedAt: p.cert.issuedAt, expiresAt: p.cert.expiresAt }]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
}
