import { expect } from 'chai';
import { MeshMetrics, type MetricsModel } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import { READ_BATCH } from '../../../src/targets/sim/metrics/read-batch.js';
import { CADVISOR_JOB, ENVOY_STATS_JOB, GAMEDAY_JOB, KUBE_STATE_JOB, jobMetricsPath } from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { defaultTopology } from '../../../src/targets/sim/model/topology.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { SimModel } from '../../../src/targets/sim/model/sim-model.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';

/** The same model seen without its versions: every scrape reads every pod whole. */
function readEveryPod(model: SimModel): MetricsModel {
  return {
    now: () => model.now(),
    pods: (role) => model.pods(role),
    deployments: () => model.deployments(),
    pilot: () => model.pilot(),
    istiodMemory: () => model.istiodMemory(),
    proxyStatusCounts: () => model.proxyStatusCounts(),
    workloadCerts: () => model.workloadCerts(),
  };
}

/**
 * The scrape that renders only pods whose status version moved must show
 * exactly what rendering every pod's reading shows: the same lines (their
 * order may differ), scrape after scrape, through churn, OOM kills, crash
 * loops and failing image pulls.
 */
describe('sim metrics from pod status versions', () => {
  const lines = (body: string): string[] =>
    body
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .sort();
  const families = (body: string): string[] => body.split('\n').filter((l) => l.startsWith('# TYPE'));

  it('writes the same kube-state-metrics and cAdvisor series as rendering every pod', () => {
    const now = 1_700_000_000_000;
    const model = new SimModel({ now, seed: 5, warmupMs: 60_000 });
    const time = new ModelTime(now, model.now(), 1);
    const versioned = new MeshMetrics(model, time, new RequestMetrics());
    const plain = new MeshMetrics(readEveryPod(model), time, new RequestMetrics());
    const ops: Record<number, () => void> = {
      3: () => model.apply({ op: 'delete-pods', namespace: 'users', count: 2 }),
      5: () => model.apply({ op: 'set-registry', reachable: false, pullDelayMs: 0 }),
      6: () =>
        model.apply({
          op: 'set-image',
          workload: { namespace: 'orders', name: 'orders-api' },
          container: 'app',
          image: 'docker.io/gameday/orders-api:v2',
        }),
      9: () =>
        model.apply({
          op: 'set-memory-limit',
          workload: { namespace: 'payments', name: 'payments-api' },
          container: 'istio-proxy',
          limitBytes: 1024,
        }),
      20: () => model.apply({ op: 'set-registry', reachable: true, pullDelayMs: 2_000 }),
      25: () => model.apply({ op: 'scale', workload: { namespace: 'users', name: 'profile' }, replicas: 1 }),
    };
    let compared = 0;
    for (let s = 0; s < 45; s++) {
      ops[s]?.();
      model.advance(model.now() + 1_000);
      for (const job of [KUBE_STATE_JOB, CADVISOR_JOB] as const) {
        const a = versioned.scrape(jobMetricsPath(job)).body;
        const b = plain.scrape(jobMetricsPath(job)).body;
        expect(families(a), `${job} at ${s} s`).to.deep.equal(families(b));
        expect(lines(a), `${job} at ${s} s`).to.deep.equal(lines(b));
        compared += lines(a).length;
      }
    }
    expect(compared).to.be.greaterThan(10_000);
    // The faults above did what they should, so the comparison covered those states.
    const pods = model.pods();
    expect(pods.some((p) => p.containers.some((c) => c.lastTerminatedReason === 'OOMKilled'))).to.equal(true);
  });

  it('reads changed pods in batches and still writes every job as rendering every pod does, at more pods than a batch', () => {
    const now = 1_700_000_000_000;
    const base = defaultTopology();
    // About 1,100 application pods: a restart of every workload changes several batches' worth in one scrape.
    const topology = { ...base, workloads: base.workloads.map((w) => ({ ...w, replicas: 100 })), nodes: Array.from({ length: 11 }, (_, i) => ({ name: `worker${i + 1}` })) };
    const model = new SimModel({ now, seed: 7, topology, warmupMs: 60_000 });
    const time = new ModelTime(now, model.now(), 1);
    // Each side records the same requests, so the sidecars' series (and the pods they are dropped with) match.
    const versionedRequests = new RequestMetrics();
    const plainRequests = new RequestMetrics();
    const versioned = new MeshMetrics(model, time, versionedRequests);
    const plain = new MeshMetrics(readEveryPod(model), time, plainRequests);
    const apps = model.deployments().filter((d) => d.namespace !== 'istio-system');
    let mostChanged = 0;
    for (let s = 0; s < 12; s++) {
      if (s === 2) for (const d of apps) model.apply({ op: 'rollout-restart', workload: { namespace: d.namespace, name: d.deployment } });
      if (s === 6) model.apply({ op: 'delete-pods', namespace: 'orders', count: 150 });
      const before = model.podVersions();
      model.advance(model.now() + 1_000);
      const after = model.podVersions();
      const was = new Map(before.keys.map((k, i) => [k, before.versions[i]]));
      mostChanged = Math.max(mostChanged, after.keys.filter((k, i) => was.get(k) !== after.versions[i]).length);
      for (let r = 0; r < 40; r++) {
        for (const hop of model.handleRequest({ path: '/', method: 'GET' }).hops) {
          versionedRequests.record(hop);
          plainRequests.record(hop);
        }
      }
      for (const job of [KUBE_STATE_JOB, CADVISOR_JOB, GAMEDAY_JOB, ENVOY_STATS_JOB] as const) {
        const a = versioned.scrape(jobMetricsPath(job)).body;
        const b = plain.scrape(jobMetricsPath(job)).body;
        expect(families(a), `${job} at ${s} s`).to.deep.equal(families(b));
        expect(lines(a), `${job} at ${s} s`).to.deep.equal(lines(b));
      }
    }
    expect(mostChanged, 'pods changed within one scrape interval').to.be.greaterThan(2 * READ_BATCH);
  });
});
