/**
 * The proxy-status exporter end to end: istiod's `/debug/syncz` JSON in the
 * upstream shape (pilot/pkg/xds/debug.go `[]SyncStatus`) served by a real
 * HTTP server, read by the cluster observer, published as
 * `gameday_proxy_status` exactly as the simulator renders it, scraped by a
 * real Prometheus and queried back.
 */
import { existsSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { silentLogger } from '../../../src/log.js';
import { ClusterObserver, type ClusterView } from '../../../src/observe/cluster-observer.js';
import type { PodFacts } from '../../../src/observe/kube-targets.js';
import { KUBE_CREDENTIALS_DIR, Prometheus } from '../../../src/observe/prometheus.js';
import { countByRevision, renderProxyStatus } from '../../../src/observe/proxy-status.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { Exposition } from '../../../src/targets/sim/exposition.js';
import { renderMeshStatus } from '../../../src/targets/sim/metrics/mesh-status-metrics.js';
import type { ProxyStatusCount } from '../../../src/targets/sim/model/readings.js';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/syncz-1-31.json', import.meta.url), 'utf8')) as unknown[];

const istiod = (name: string, rev: string | undefined, phase = 'Running'): PodFacts => ({
  metadata: { namespace: 'istio-system', name, labels: { app: 'istiod', istio: 'pilot', ...(rev ? { 'istio.io/rev': rev } : {}) } },
  spec: { containers: [{ name: 'discovery' }] },
  status: { phase },
});

describe('proxy-status exporter', function () {
  this.timeout(60_000);
  let istiodServer: Server;
  let istiodUrl: string;
  const served = new Map<string, unknown>([['/istiod-1-31-a/debug/syncz', FIXTURE]]);

  before(async () => {
    // Stands where istiod's monitoring port is: one path per pod, as a port-forward per pod would give.
    istiodServer = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (body === undefined) res.writeHead(503).end('istiod not ready\n');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => istiodServer.listen(0, '127.0.0.1', () => r()));
    istiodUrl = `http://127.0.0.1:${(istiodServer.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => istiodServer.close(() => r())));

  const view = (pods: PodFacts[]): ClusterView => ({
    apiServer: 'https://127.0.0.1:6443',
    pods: () => pods,
    nodes: () => [],
    async syncz(pod) {
      const res = await fetch(`${istiodUrl}/${pod.metadata!.name}/debug/syncz`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
    close: async () => undefined,
  });

  it('classifies each proxy per xDS type as istioctl does, then overall', () => {
    const counts = countByRevision([{ revision: '1-31', syncz: FIXTURE }]);
    // frontend and the gateway SYNCED (ECDS never sent does not matter); orders-api STALE (EDS nonce not acked);
    // payments-api STALE (CDS sent, never acked); profile connected, nothing sent.
    expect(counts.get('1-31')).to.deep.equal({ SYNCED: 2, STALE: 2, 'NOT SENT': 1 });
  });

  it('renders byte for byte what the simulator renders for the same counts', () => {
    const counts = new Map([
      ['1-31', { SYNCED: 2, STALE: 2, 'NOT SENT': 1 }],
      ['1-30', { SYNCED: 0, STALE: 0, 'NOT SENT': 0 }],
    ]);
    const sim = new Exposition();
    const row = (revision: string, c: { SYNCED: number; STALE: number; 'NOT SENT': number }) =>
      ({ revision, overall: { synced: c.SYNCED, stale: c.STALE, notSent: c['NOT SENT'] } }) as unknown as ProxyStatusCount;
    renderMeshStatus(sim, { counts: [...counts].map(([r, c]) => row(r, c)), certs: [], toWall: (t) => t });
    const simText = sim.toString();
    const proxyStatusFamily = simText.slice(0, simText.indexOf('# HELP gameday_workload_cert'));
    expect(renderProxyStatus(counts)).to.equal(proxyStatusFamily);
  });

  it('publishes gameday_proxy_status per revision for Prometheus; an istiod that does not answer leaves its revision at zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-proxy-status-'));
    const pods = [istiod('istiod-1-31-a', '1-31'), istiod('istiod-1-30-b', '1-30'), istiod('istiod-1-30-old', '1-30', 'Failed')];
    const observer = await ClusterObserver.start(view(pods), silentLogger());
    let prom: Prometheus | undefined;
    try {
      const host = new URL(observer.url).host;
      prom = await Prometheus.start({
        runDir: dir,
        scrape: { kind: 'static', jobs: [{ job: 'gameday-exporter', targets: [host] }] },
        ruleFiles: [],
      });
      const since = Date.now();
      await prom.awaitScraped(since);
      let rows: string[] = [];
      await pollUntil(
        async () => {
          const samples = await prom!.query('gameday_proxy_status');
          rows = samples.map((s) => `${s.metric.job} ${s.metric.revision} ${s.metric.status} ${s.value[1]}`).sort();
          return rows.length === 6;
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(rows).to.deep.equal([
        'gameday-exporter 1-30 NOT SENT 0',
        'gameday-exporter 1-30 STALE 0',
        'gameday-exporter 1-30 SYNCED 0',
        'gameday-exporter 1-31 NOT SENT 1',
        'gameday-exporter 1-31 STALE 2',
        'gameday-exporter 1-31 SYNCED 2',
      ]);
      // The baseline rule's ratio over this data: 2 of 5 proxies of 1-31 are STALE.
      const ratio = await prom.query('sum by (revision) (gameday_proxy_status{status="STALE"}) / sum by (revision) (gameday_proxy_status)');
      expect(ratio.find((s) => s.metric.revision === '1-31')?.value[1]).to.equal('0.4');
    } finally {
      await prom?.stop();
      await observer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drives a real Prometheus: cluster targets discovered from the observer, scraped over HTTPS at the API server, credentials 0600 and gone after stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-kube-prom-'));
    const kubeconfig = join(dir, 'kubeconfig');
    // An API server address nothing listens on: discovery and config are what is checked, the scrapes fail.
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'never-in-the-config-0123456789' } }],
        contexts: [{ name: 'testctx', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    const nodes = [{ metadata: { name: 'gameday-worker' } }, { metadata: { name: 'gameday-worker2' } }];
    const observer = await ClusterObserver.start(
      { ...view([istiod('istiod-1-31-a', '1-31')]), apiServer: 'https://127.0.0.1:1', nodes: () => nodes },
      silentLogger(),
    );
    let prom: Prometheus | undefined;
    try {
      prom = await Prometheus.start({
        runDir: dir,
        scrape: { kind: 'kubernetes', kubeconfigPath: kubeconfig, context: 'testctx' },
        ruleFiles: [],
        observer: observer.url,
      });
      await prom.awaitScraped(Date.now());
      const targets = await prom.api.targets();
      expect(targets.map((t) => `${t.scrapePool} ${t.scrapeUrl}`).sort()).to.deep.equal([
        'cadvisor https://127.0.0.1:1/api/v1/nodes/gameday-worker/proxy/metrics/cadvisor',
        'cadvisor https://127.0.0.1:1/api/v1/nodes/gameday-worker2/proxy/metrics/cadvisor',
        `gameday-exporter ${observer.url}/metrics`,
        'istiod https://127.0.0.1:1/api/v1/namespaces/istio-system/pods/istiod-1-31-a:15014/proxy/metrics',
      ]);
      const creds = join(dir, 'prometheus', KUBE_CREDENTIALS_DIR);
      expect(statSync(join(creds, 'token')).mode & 0o777).to.equal(0o600);
      expect(readFileSync(prom.configFile, 'utf8')).not.to.include('never-in-the-config');
      await prom.stop();
      expect(existsSync(creds)).to.equal(false);
    } finally {
      await prom?.stop();
      await observer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves each job’s discovery targets through the API server address', async () => {
    const observer = await ClusterObserver.start(view([istiod('istiod-1-31-a', '1-31')]), silentLogger());
    try {
      const groups = (await (await fetch(`${observer.url}/sd/istiod`)).json()) as { targets: string[]; labels: Record<string, string> }[];
      expect(groups.map((g) => [g.targets, g.labels.__metrics_path__, g.labels.revision])).to.deep.equal([
        [['127.0.0.1:6443'], '/api/v1/namespaces/istio-system/pods/istiod-1-31-a:15014/proxy/metrics', '1-31'],
      ]);
      expect((await fetch(`${observer.url}/sd/nope`)).status).to.equal(404);
    } finally {
      await observer.stop();
    }
  });
});
