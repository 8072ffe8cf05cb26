import { expect } from 'chai';
import { MeshMetrics } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import { SCRAPE_JOBS } from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import { targetGroups } from '../../../src/targets/sim/service-discovery.js';
import { FakeMeshModel } from './fake-mesh-model.js';

describe('sim HTTP service discovery', () => {
  const model = new FakeMeshModel();
  const targets = new MeshMetrics(model, new ModelTime(model.now(), model.now(), 1), new RequestMetrics()).targets();

  it('is a JSON array of {targets: [host:port], labels} groups, every label value a string', () => {
    const groups = JSON.parse(JSON.stringify(targetGroups(targets, '127.0.0.1:9999'))) as unknown[];
    expect(groups).to.be.an('array').with.length.greaterThan(0);
    for (const g of groups) {
      expect(g).to.have.all.keys('targets', 'labels');
      const { targets: t, labels } = g as { targets: unknown; labels: Record<string, unknown> };
      expect(t).to.deep.equal(['127.0.0.1:9999']);
      for (const v of Object.values(labels)) expect(v).to.be.a('string');
    }
  });

  it('names every job and its metrics path in the group labels, so one SD URL serves all jobs', () => {
    const groups = targetGroups(targets, '127.0.0.1:9999');
    expect(new Set(groups.map((g) => g.labels.job))).to.deep.equal(new Set(SCRAPE_JOBS));
    for (const g of groups) expect(g.labels.__metrics_path__).to.match(/^\/metrics\//);
    const istiod = groups.find((g) => g.labels.job === 'istiod')!;
    expect(istiod.labels).to.include({
      namespace: 'istio-system',
      pod: 'istiod-1-24-1-xyz',
      app: 'istiod',
      instance: 'istiod-1-24-1-xyz:15014',
    });
    expect(istiod.labels.__metrics_path__).to.equal('/metrics/istiod/istio-system/istiod-1-24-1-xyz');
  });

  it('serves one job’s groups when asked for it', () => {
    const groups = targetGroups(targets, 'h:1', 'kube-state-metrics');
    expect(groups).to.have.length(1);
    expect(groups[0]!.labels.job).to.equal('kube-state-metrics');
    expect(targetGroups(targets, 'h:1', 'nope')).to.deep.equal([]);
  });
});
