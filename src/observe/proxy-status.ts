/**
 * `istioctl proxy-status` computed from istiod's `/debug/syncz`, and the
 * `gameday_proxy_status` gauge the simulator publishes from its model
 * (targets/sim/metrics/mesh-status-metrics.ts), rendered the same way, so the
 * ProxiesStale rule reads the same series on every target. Pure.
 *
 * The JSON is istiod's `[]SyncStatus` (istio/istio pilot/pkg/xds/debug.go):
 * per proxy `cluster_sent`/`cluster_acked`, `listener_…`, `route_…`,
 * `endpoint_…`, `extensionconfig_…` nonces, and in recent versions a
 * `resources` map keyed by type URL with `sent`/`acked`. Per xDS type, as
 * istioctl does (istioctl/pkg/writer/pilot/status.go): nothing sent → NOT
 * SENT; acked nonce == sent nonce → SYNCED; otherwise STALE. A proxy absent
 * from the list is not connected, and not counted.
 */

export type SyncState = 'SYNCED' | 'STALE' | 'NOT SENT';
export type XdsKind = 'CDS' | 'LDS' | 'EDS' | 'RDS' | 'ECDS';

/** One entry of istiod's `/debug/syncz`, the fields read here. */
export interface UpstreamSyncStatus {
  proxy?: string;
  cluster_sent?: string;
  cluster_acked?: string;
  listener_sent?: string;
  listener_acked?: string;
  route_sent?: string;
  route_acked?: string;
  endpoint_sent?: string;
  endpoint_acked?: string;
  extensionconfig_sent?: string;
  extensionconfig_acked?: string;
  resources?: Record<string, { sent?: string; acked?: string }>;
}

const FLAT: readonly [XdsKind, keyof UpstreamSyncStatus, keyof UpstreamSyncStatus][] = [
  ['CDS', 'cluster_sent', 'cluster_acked'],
  ['LDS', 'listener_sent', 'listener_acked'],
  ['EDS', 'endpoint_sent', 'endpoint_acked'],
  ['RDS', 'route_sent', 'route_acked'],
  ['ECDS', 'extensionconfig_sent', 'extensionconfig_acked'],
];

/** Envoy v3 type URLs (pilot/pkg/xds/v3/model.go) → the column istioctl shows. */
const TYPE_URLS: Record<string, XdsKind> = {
  'type.googleapis.com/envoy.config.cluster.v3.Cluster': 'CDS',
  'type.googleapis.com/envoy.config.listener.v3.Listener': 'LDS',
  'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment': 'EDS',
  'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': 'RDS',
  'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig': 'ECDS',
};

export function xdsState(sent: string | undefined, acked: string | undefined): SyncState {
  if (!sent) return 'NOT SENT';
  return sent === acked ? 'SYNCED' : 'STALE';
}

/** Per xDS type; the `resources` map wins where it has a type, since the flat fields are kept only for compatibility. */
export function proxyStates(s: UpstreamSyncStatus): Record<XdsKind, SyncState> {
  const out = {} as Record<XdsKind, SyncState>;
  for (const [kind, sent, acked] of FLAT) out[kind] = xdsState(s[sent] as string | undefined, s[acked] as string | undefined);
  for (const [url, r] of Object.entries(s.resources ?? {})) {
    const kind = TYPE_URLS[url];
    if (kind) out[kind] = xdsState(r.sent, r.acked);
  }
  return out;
}

/** STALE if any type is, NOT SENT if no type was sent, else SYNCED (the simulator's rule). */
export function overallState(states: Record<XdsKind, SyncState>): SyncState {
  const values = Object.values(states);
  if (values.includes('STALE')) return 'STALE';
  return values.every((v) => v === 'NOT SENT') ? 'NOT SENT' : 'SYNCED';
}

export type StateCounts = Record<SyncState, number>;

/** What one istiod said: its revision and its `/debug/syncz` answer, or null when it could not be read. */
export interface IstiodSyncz {
  revision: string;
  syncz: unknown;
}

/**
 * Connected proxies per revision by overall state. A revision whose istiods
 * all failed to answer keeps its series at zero, as istioctl lists nothing
 * for it. Entries that are not objects are skipped; a body that is not a list
 * is an error (istiod answered something else).
 */
export function countByRevision(answers: readonly IstiodSyncz[]): Map<string, StateCounts> {
  const out = new Map<string, StateCounts>();
  for (const a of answers) {
    const counts = out.get(a.revision) ?? { SYNCED: 0, STALE: 0, 'NOT SENT': 0 };
    out.set(a.revision, counts);
    if (a.syncz === null) continue;
    if (!Array.isArray(a.syncz)) throw new Error(`/debug/syncz of revision ${a.revision} is not a list`);
    for (const entry of a.syncz) {
      if (typeof entry !== 'object' || entry === null) continue;
      counts[overallState(proxyStates(entry as UpstreamSyncStatus))]++;
    }
  }
  return out;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n' };
const esc = (v: string) => v.replace(/[\\"\n]/g, (c) => ESCAPES[c] ?? c);

/** The exposition of `gameday_proxy_status`, family text and series order as the simulator writes them. */
export function renderProxyStatus(counts: Map<string, StateCounts>): string {
  const name = 'gameday_proxy_status';
  let out = `# HELP ${name} Connected proxies per control-plane revision and overall istioctl proxy-status.\n# TYPE ${name} gauge\n`;
  for (const revision of [...counts.keys()].sort()) {
    const c = counts.get(revision)!;
    for (const status of ['SYNCED', 'STALE', 'NOT SENT'] as const)
      out += `${name}{revision="${esc(revision)}",status="${status}"} ${c[status]}\n`;
  }
  return out;
}
