/**
 * Observing the project's real control plane (test/support/testbed.ts) from
 * outside, as a run does: informers feed discovery, the harness' Prometheus
 * scrapes every target through the API server with the context's token, the
 * credentials stay in 0600 files, and proxy status is published per revision.
 * kwok's pods and nodes have no processes behind them, so the proxied scrapes
 * themselves fail — as they would against a node that does not answer — but
 * they fail past authentication, which is what this checks.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { expect } from 'chai';
import { parse } from 'yaml';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { LocalObservers, OBSERVERS_MANIFEST, baselineRuleFiles, type ObserversManifest } from '../../../src/observe/local-observers.js';
import { KUBE_CREDENTIALS_DIR } from '../../../src/observe/prometheus.js';
import { PrometheusApi } from '../../../src/observe/prometheus-api.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';

describe('observing a real control plane through its API server', function () {
  this.timeout(600_000);
  let testbed: Testbed | undefined;
  let dir: string;

  before(async () => {
    testbed = await startTestbed({ istio: { revision: '1-31', tags: ['stable'] } });
    dir = mkdtempSync(join(tmpdir(), 'gameday-cluster-obs-'));
  });
  after(async () => {
    await testbed?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('discovers nodes and istiod, scrapes them through the API server with the token, and publishes proxy status per revision', async () => {
    const observers = new LocalObservers({
      clock: new WallClock(),
      log: silentLogger(),
      ruleFiles: baselineRuleFiles(),
      scrapeIntervalMs: 1000,
      dir: join(dir, 'observers'),
    });
    const runDir = join(dir, 'run');
    try {
      await observers.attach(
        {
          ingressUrl: 'http://127.0.0.1:9',
          scrape: { kind: 'kubernetes', kubeconfigPath: testbed!.kubeconfigPath, context: testbed!.context },
          timeScale: 1,
        },
        () => undefined,
        runDir,
      );
      const manifest = JSON.parse(readFileSync(join(runDir, OBSERVERS_MANIFEST), 'utf8')) as ObserversManifest;
      const prom = new PrometheusApi(manifest.prometheus.url);
      const api = new URL(testbed!.apiServerUrl);

      const targets = await prom.targets();
      const cadvisor = targets.filter((t) => t.scrapePool === 'cadvisor');
      expect(cadvisor.length).to.be.greaterThan(0);
      for (const t of cadvisor) {
        expect(t.scrapeUrl).to.match(new RegExp(`^https://${api.host}/api/v1/nodes/[^/]+/proxy/metrics/cadvisor$`));
        // Reached the API server and got past authentication and authorization: the kubelet behind it is what is missing.
        expect(t.lastError).not.to.match(/401|403|Unauthorized|Forbidden|certificate/i);
      }
      // Pods: what stops the proxied request depends on the machine's network (no route, or an egress policy refusing
      // the fake pod IP), but never the credentials.
      for (const t of targets.filter((x) => x.scrapePool === 'istiod' || x.scrapePool === 'envoy-stats'))
        expect(t.lastError).not.to.match(/401|Unauthorized|certificate/i);
      const istiod = targets.filter((t) => t.scrapePool === 'istiod');
      expect(istiod.map((t) => t.labels.revision)).to.include('1-31');
      expect(istiod[0]!.scrapeUrl).to.match(new RegExp(`/api/v1/namespaces/istio-system/pods/istiod-1-31-[^/]+:15014/proxy/metrics$`));

      // No istiod process answers a port-forward here: revision 1-31 is published with zero connected proxies.
      let rows: string[] = [];
      await pollUntil(
        async () => {
          rows = (await prom.query('gameday_proxy_status{revision="1-31"}')).map((s) => `${s.metric.status}=${s.value[1]}`).sort();
          return rows.length === 3;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(rows).to.deep.equal(['NOT SENT=0', 'STALE=0', 'SYNCED=0']);

      // Discovery follows the cluster by watching: a new sidecar pod appears in /sd, and leaves once deleted.
      const sdUrl = (
        parse(readFileSync(manifest.prometheus.configFile, 'utf8')) as {
          scrape_configs: { job_name: string; http_sd_configs?: { url: string }[] }[];
        }
      ).scrape_configs.find((j) => j.job_name === 'envoy-stats')!.http_sd_configs![0]!.url;
      const kc = new KubeConfig();
      kc.loadFromFile(testbed!.kubeconfigPath);
      kc.setCurrentContext(testbed!.context);
      const core = kc.makeApiClient(CoreV1Api);
      const podName = 'watched-sidecar';
      const inSd = async () =>
        ((await (await fetch(sdUrl)).json()) as { labels: { pod?: string } }[]).some((g) => g.labels.pod === podName);
      expect(await inSd()).to.equal(false);
      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: podName },
          spec: {
            containers: [
              { name: 'app', image: 'app:1' },
              { name: 'istio-proxy', image: 'proxy:1' },
            ],
          },
        },
      });
      expect(await pollUntil(inSd, { timeoutMs: 10_000, intervalMs: 100 })).to.equal(true);
      await core.deleteNamespacedPod({ namespace: 'default', name: podName, gracePeriodSeconds: 0 });
      expect(await pollUntil(async () => !(await inSd()), { timeoutMs: 30_000, intervalMs: 100 })).to.equal(true);

      // Credentials: 0600 files; the config names only their paths.
      const creds = join(manifest.dir, 'prometheus', KUBE_CREDENTIALS_DIR);
      expect(statSync(creds).mode & 0o777).to.equal(0o700);
      for (const f of readdirSync(creds)) expect(statSync(join(creds, f)).mode & 0o777, f).to.equal(0o600);
      const config = readFileSync(manifest.prometheus.configFile, 'utf8');
      const token = readFileSync(join(creds, 'token'), 'utf8');
      expect(token.length).to.be.greaterThan(8);
      expect(config).not.to.include(token);
      expect(readFileSync(join(runDir, OBSERVERS_MANIFEST), 'utf8')).not.to.include(token);
      expect(readFileSync(manifest.prometheus.logFile, 'utf8')).not.to.include(token);
      const jobs = (parse(config) as { scrape_configs: { job_name: string }[] }).scrape_configs.map((j) => j.job_name);
      expect(jobs.sort()).to.deep.equal(['cadvisor', 'envoy-stats', 'gameday-exporter', 'istiod', 'kube-state-metrics']);
    } finally {
      await observers.close();
    }
  });
});
