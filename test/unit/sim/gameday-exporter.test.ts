import { expect } from 'chai';
import { Exposition, labelBody } from '../../../src/targets/sim/exposition.js';
import { MeshMetrics } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import { MeshStatusMetrics } from '../../../src/targets/sim/metrics/mesh-status-metrics.js';
import { GAMEDAY_JOB, jobMetricsPath } from '../../../src/targets/sim/metrics/scrape-jobs.js';
import type { SimModel } from '../../../src/targets/sim/model/sim-model.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import type { MeshSnapshot, ProxyStatusRow, SyncStatus } from '../../../src/targets/views.js';
import { ISTIOD, newModel, run } from './model/support.js';
import { parseExposition } from './parse-exposition.js';

const PATH = jobMetricsPath(GAMEDAY_JOB);

function exporter(m: SimModel): MeshMetrics {
  return new MeshMetrics(m, new ModelTime(m.now(), m.now(), 1), new RequestMetrics());
}

function body(metrics: MeshMetrics): string {
  const r = metrics.scrape(PATH);
  expect(r.status).to.equal(200);
  return r.body;
}

/** pod → [issued, expiry] in seconds, as exported. */
function certGauges(metrics: MeshMetrics): Map<string, [number, number]> {
  const families = parseExposition(body(metrics));
  const issued = families.get('gameday_workload_cert_issued_timestamp_seconds')!.samples;
  const expiry = new Map(families.get('gameday_workload_cert_expiry_timestamp_seconds')!.samples.map((s) => [s.labels.pod!, s.value]));
  return new Map(issued.map((s) => [s.labels.pod!, [s.value, expiry.get(s.labels.pod!)!]]));
}

/**
 * The exporter as it was rendered from a full snapshot, kept here as the reference the
 * counts-based rendering must match series for series (issue instants from the rows).
 */
function fromSnapshot(snap: MeshSnapshot, toWall: (t: number) => number): string {
  const overall = (row: ProxyStatusRow): SyncStatus => {
    const values = Object.values(row.status);
    if (values.includes('STALE')) return 'STALE';
    return values.every((v) => v === 'NOT SENT') ? 'NOT SENT' : 'SYNCED';
  };
  const out = new Exposition();
  const counts = new Map<string, Record<SyncStatus, number>>();
  for (const row of snap.proxies) {
    let c = counts.get(row.revision);
    if (!c) counts.set(row.revision, (c = { SYNCED: 0, STALE: 0, 'NOT SENT': 0 }));
    if (row.istiod !== null) c[overall(row)]++;
  }
  out.family('gameday_proxy_status', 'gauge', 'Connected proxies per control-plane revision and overall istioctl proxy-status.');
  for (const revision of [...counts.keys()].sort())
    for (const status of ['SYNCED', 'STALE', 'NOT SENT'] as const)
      out.sample('gameday_proxy_status', labelBody({ revision, status }), counts.get(revision)![status]);
  const withCert = snap.proxies.filter((p) => p.certExpiresAt !== null);
  const labels = withCert.map((p) => labelBody({ namespace: p.namespace, pod: p.name.slice(0, -`.${p.namespace}`.length) }));
  out.family(
    'gameday_workload_cert_expiry_timestamp_seconds',
    'gauge',
    'Expiry of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  withCert.forEach((p, i) => out.sample('gameday_workload_cert_expiry_timestamp_seconds', labels[i]!, toWall(p.certExpiresAt!) / 1000));
  out.family(
    'gameday_workload_cert_issued_timestamp_seconds',
    'gauge',
    'Issue instant of the workload certificate the proxy holds, in seconds since the epoch.',
  );
  withCert.forEach((p, i) => out.sample('gameday_workload_cert_issued_timestamp_seconds', labels[i]!, toWall(p.certIssuedAt!) / 1000));
  return out.toString();
}

describe('sim gameday exporter on the model', () => {
  it('dates a certificate from its own issue, not from a TTL set after it; a rotated one from the rotation', () => {
    const m = newModel();
    const metrics = exporter(m);
    const issuedUnder24h = certGauges(metrics);
    expect(issuedUnder24h.size).to.be.greaterThan(10);

    m.apply({ op: 'set-cert-ttl', ttlMs: 5 * 60_000 });
    // Not rotated yet (the model has not moved): the 24 h certificates, dated when they were issued.
    const notRotated = certGauges(metrics);
    expect(notRotated).to.deep.equal(issuedUnder24h);
    const rows = new Map(m.snapshot().proxies.map((p) => [p.name.slice(0, -`.${p.namespace}`.length), p]));
    for (const [pod, [issued, expiry]] of notRotated) {
      expect(issued, pod).to.equal(rows.get(pod)!.certIssuedAt! / 1000);
      expect(expiry - issued, pod).to.equal(86_400);
      expect(issued, pod).to.be.lessThan(m.now() / 1000);
    }

    // Past half of the new TTL, connected proxies rotate at the next step: 5-minute certificates from now.
    run(m, 100);
    const after = certGauges(metrics);
    const rotated = [...after].filter(([pod, [issued]]) => issued !== notRotated.get(pod)![0]);
    expect(rotated.length).to.be.greaterThan(10);
    for (const [pod, [issued, expiry]] of rotated) {
      expect(issued, pod).to.equal(m.now() / 1000);
      expect(expiry - issued, pod).to.equal(300);
    }
  });

  it('serves proxy-status and certificates from the counts exactly as the snapshot rendered them', () => {
    const m = newModel();
    const metrics = exporter(m);
    const toWall = (t: number): number => new ModelTime(m.now(), m.now(), 1).toWall(t);
    const same = (when: string): void => {
      expect(body(metrics), when).to.equal(fromSnapshot(m.snapshot(), toWall));
    };
    same('steady');

    // A canary revision whose injected pods exist with sidecars not yet running: its series stay, at zero.
    m.apply({ op: 'install-revision', revision: '1-13-0', version: '1.13.0', replicas: 1, memoryLimitBytes: null });
    run(m, 30_000);
    m.apply({ op: 'set-namespace-revision', namespace: 'staging', revision: '1-13-0' });
    m.apply({ op: 'rollout-restart', workload: { namespace: 'staging', name: 'frontend' } });
    run(m, 200);
    const canary = m.proxyStatusCounts().find((r) => r.revision === '1-13-0');
    expect(canary, 'canary row while its sidecars start').to.include({ proxies: 0, connected: 0 });
    same('canary sidecars starting');
    run(m, 60_000);
    expect(m.proxyStatusCounts().find((r) => r.revision === '1-13-0')!.connected).to.be.greaterThan(0);
    same('canary connected');

    // Churn, then istiod gone: proxies disconnected keep their certificates and leave the counts.
    for (let i = 0; i < 20; i++) {
      m.apply({ op: 'delete-pods', namespace: 'users', count: 1 });
      run(m, 300);
      same(`churn ${i}`);
    }
    m.apply({ op: 'scale', workload: ISTIOD, replicas: 0 });
    run(m, 45_000);
    same('istiod scaled to zero');
    expect(m.proxyStatusCounts().find((r) => r.revision === '1-12-0')!.connected).to.equal(0);
  });

  it('renders the certificates again when the clock mapping changes, though no certificate did', () => {
    const m = newModel();
    const certs = m.workloadCerts();
    const input = (toWall: (t: number) => number) => ({ counts: m.proxyStatusCounts(), certs, toWall });
    const expiries = (text: string): number[] =>
      parseExposition(text).get('gameday_workload_cert_expiry_timestamp_seconds')!.samples.map((s) => s.value);
    const cached = new MeshStatusMetrics();
    const render = (toWall: (t: number) => number): string => {
      const out = new Exposition();
      cached.render(out, input(toWall));
      return out.toString();
    };
    const identity = (t: number): number => t;
    expect(expiries(render(identity))).to.deep.equal(certs.map((c) => c.expiresAt / 1000));
    const shifted = (t: number): number => t + 60_000;
    expect(expiries(render(shifted))).to.deep.equal(certs.map((c) => (c.expiresAt + 60_000) / 1000));
  });
});
