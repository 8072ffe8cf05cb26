/**
 * The proxies' readings: `istioctl proxy-status` counts and the workload certificates.
 * Both walk the proxies directly, without a snapshot, as they are read on every scrape.
 */
import { certValid } from './certs.js';
import type { ProxyStatusCount, SyncCounts, WorkloadCertReading } from './readings.js';
import type { Certificate, ProxyState, XdsTypeState } from './state.js';
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

/** Counts one xDS type by istioctl's status (`syncStatus`); returns a bit for it: 1 SYNCED, 2 STALE, 4 NOT SENT. */
function countType(c: SyncCounts, x: XdsTypeState): number {
  if (x.sent === null) {
    c.notSent++;
    return 4;
  }
  if (x.sent === x.acked) {
    c.synced++;
    return 1;
  }
  c.stale++;
  return 2;
}

/**
 * Counts one connected proxy by type and overall (STALE if any type is, NOT
 * SENT if none was sent, else SYNCED). The five types are written out: a
 * loop over their names reads both records by a computed key, which costs
 * several times more on every scrape of a large mesh.
 */
function countConnected(row: ProxyStatusCount, p: ProxyState): void {
  const b = row.byType;
  const x = p.xds;
  const seen = countType(b.CDS, x.CDS) | countType(b.LDS, x.LDS) | countType(b.EDS, x.EDS) | countType(b.RDS, x.RDS) | countType(b.ECDS, x.ECDS);
  if (seen & 2) {
    row.overall.stale++;
    row.staleProxies++;
  } else if (seen & 1) row.overall.synced++;
  else row.overall.notSent++;
}

export function proxyStatusCounts(w: World): ProxyStatusCount[] {
  const by = new Map<string, ProxyStatusCount>();
  for (const p of w.proxies.values()) {
    let row = by.get(p.revision);
    if (!row) by.set(p.revision, (row = emptyRow(p.revision)));
    if (p.container?.state !== 'running') continue;
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
  // The exporter reads this every scrape. At 10,000 proxies, a fresh reading and a [key, reading]
  // pair per proxy outlived young-generation collections and filled the old generation, so the
  // proxies themselves are sorted, and each certificate's reading is made once.
  const held: ProxyState[] = [];
  for (const p of w.proxies.values()) if (p.cert !== null) held.push(p);
  held.sort((a, b) => (a.podState.key < b.podState.key ? -1 : 1));
  return held.map(certReading);
}

/** A certificate is replaced, never changed, and held by one proxy for life: its reading is too (frozen, as it is shared). */
const certReadings = new WeakMap<Certificate, WorkloadCertReading>();

function certReading(p: ProxyState): WorkloadCertReading {
  const cert = p.cert!;
  let r = certReadings.get(cert);
  if (r === undefined) {
    r = Object.freeze({ namespace: p.podState.namespace, pod: p.podState.name, issuedAt: cert.issuedAt, expiresAt: cert.expiresAt });
    certReadings.set(cert, r);
  }
  return r;
}
