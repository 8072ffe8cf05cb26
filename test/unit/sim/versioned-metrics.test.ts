import { expect } from 'chai';
import { MeshMetrics, type MetricsModel } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import { CADVISOR_JOB, KUBE_STATE_JOB, jobMetricsPath } from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { SimModel } from '../../../src/targets/sim/model/sim-model.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';

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
    // The same model seen without its versions: every scrape reads every pod whole.
    const whole: MetricsModel = {
      now: () => model.now(),
      pods: (role) => model.pods(role),
      deployments: () => model.deployments(),
      pilot: () => model.pilot(),
      istiodMemory: () => model.istiodMemory(),
      proxyStatusCounts: () => model.proxyStatusCounts(),
      workloadCerts: () => model.workloadCerts(),
    };
    const plain = new MeshMetrics(whole, time, new RequestMetrics());
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
});
