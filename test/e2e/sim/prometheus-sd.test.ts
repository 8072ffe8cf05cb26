/**
 * A real Prometheus, configured by the harness' own config generator from the
 * simulator's ScrapeSource, discovers every job through one HTTP SD URL:
 * the `job` and `__metrics_path__` labels of each target group name the job
 * and path. A stopped istiod pod keeps its target and `up` goes to 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { Prometheus } from '../../../src/observe/prometheus.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';
import { perPodSlowJobs } from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { FakeMeshModel } from '../../unit/sim/fake-mesh-model.js';

describe('e2e: Prometheus discovers the simulator through HTTP SD', function () {
  this.timeout(60_000);
  let dir: string;
  let target: SimTarget;
  let prometheus: Prometheus | undefined;
  const model = new FakeMeshModel(Date.now());

  before(async function () {
    if (spawnSync('prometheus', ['--version']).error) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'gameday-sim-sd-'));
    target = new SimTarget({ clock: new WallClock(), createModel: () => model });
    const e = await target.up();
    await (await fetch(`${e.ingressUrl}/`)).text();
    prometheus = await Prometheus.start({ runDir: dir, scrape: e.scrape, ruleFiles: [] });
  });

  after(async () => {
    await prometheus?.stop();
    await target?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const value = async (expr: string): Promise<number | null> => {
    const r = await prometheus!.api.query(expr);
    return r.length ? Number(r[0]!.value[1]) : null;
  };

  it('scrapes every job under its own name, istiod per pod with namespace and pod labels', async () => {
    const allUp = await pollUntil(async () => (await value('count(up == 1)')) === 5, { timeoutMs: 20_000, intervalMs: 250 });
    expect(allUp, 'five targets up').to.equal(true);
    const up = await prometheus!.api.query('up');
    expect(up.map((s) => s.metric.job).sort()).to.deep.equal([
      'cadvisor',
      'envoy-stats',
      'gameday-exporter',
      'istiod',
      'kube-state-metrics',
    ]);
    const istiod = up.find((s) => s.metric.job === 'istiod')!;
    expect(istiod.metric).to.include({
      namespace: 'istio-system',
      pod: 'istiod-1-24-1-xyz',
      app: 'istiod',
      instance: 'istiod-1-24-1-xyz:15014',
    });
    expect(await value('sum(istio_requests_total{job="envoy-stats", reporter="destination"})')).to.equal(2);
    expect(await value('pilot_xds{job="istiod", pod="istiod-1-24-1-xyz"}')).to.equal(3);
    // honor_labels: kube-state-metrics' own namespace/pod labels survive the scrape.
    expect(
      await value(
        'kube_pod_container_status_restarts_total{job="kube-state-metrics", namespace="prod", pod="frontend-abc", container="frontend"}',
      ),
    ).to.equal(0);
  });

  it('sets up{job="istiod"} to 0 while the istiod pod is not running', async () => {
    model.istiodRunning = false;
    const down = await pollUntil(async () => (await value('up{job="istiod"}')) === 0, { timeoutMs: 20_000, intervalMs: 250 });
    expect(down).to.equal(true);
    model.istiodRunning = true;
  });
});

describe('e2e: Prometheus scrapes the simulator’s slow jobs at their own interval', function () {
  this.timeout(60_000);
  let dir: string;
  let target: SimTarget;
  let prometheus: Prometheus | undefined;

  before(async function () {
    if (spawnSync('prometheus', ['--version']).error) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'gameday-sim-slow-'));
    target = new SimTarget({ clock: new WallClock(), createModel: () => new FakeMeshModel(Date.now()) });
    const e = await target.up();
    if (e.scrape.kind !== 'http-sd') throw new Error('the simulator discovers through HTTP SD');
    // The jobs a 10,000-pod mesh would ask for (perPodSlowJobs), on the small fake mesh.
    const slowJobs = perPodSlowJobs(e.scrape.url.replace(/\/sd$/, ''), 10_000);
    expect(slowJobs.map((j) => [j.job, j.intervalMs])).to.deep.equal([
      ['kube-state-metrics', 4000],
      ['cadvisor', 4000],
      ['envoy-stats', 4000],
    ]);
    const since = Date.now();
    prometheus = await Prometheus.start({ runDir: dir, scrape: { ...e.scrape, slowJobs }, ruleFiles: [] });
    // Readiness counts the slow jobs' targets too: each was scraped once since the start.
    await prometheus.awaitScraped(since, 30_000);
  });

  after(async () => {
    await prometheus?.stop();
    await target?.down();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads each job once, the per-pod ones under their own config every 4 s, the rest every second', async () => {
    const targets = await prometheus!.api.targets();
    const byJob = new Map(targets.map((t) => [t.labels.job, t]));
    expect([...byJob.keys()].sort()).to.deep.equal(['cadvisor', 'envoy-stats', 'gameday-exporter', 'istiod', 'kube-state-metrics']);
    expect(targets).to.have.length(5);
    expect(byJob.get('kube-state-metrics')!.scrapePool).to.equal('gameday-sd-kube-state-metrics');
    expect(byJob.get('cadvisor')!.scrapePool).to.equal('gameday-sd-cadvisor');
    expect(byJob.get('envoy-stats')!.scrapePool).to.equal('gameday-sd-envoy-stats');
    expect(byJob.get('istiod')!.scrapePool).to.equal('gameday-sd');
    const samples = async (job: string): Promise<number> => {
      const r = await prometheus!.api.query(`count_over_time(up{job="${job}"}[1m])`);
      return Number(r[0]?.value[1] ?? 0);
    };
    // Once a 1 s job has a dozen samples, a 4 s job begun with it has three or four.
    expect(await pollUntil(async () => (await samples('istiod')) >= 12, { timeoutMs: 30_000, intervalMs: 250 })).to.equal(true);
    const ksm = await samples('kube-state-metrics');
    const cadvisor = await samples('cadvisor');
    const istiod = await samples('istiod');
    expect(ksm, `${ksm} kube-state-metrics samples beside ${istiod} of istiod`).to.be.within(2, Math.ceil(istiod / 4) + 1);
    expect(cadvisor, `${cadvisor} cAdvisor samples beside ${istiod} of istiod`).to.be.within(2, Math.ceil(istiod / 4) + 1);
  });
});
