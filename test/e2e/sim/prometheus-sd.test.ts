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
