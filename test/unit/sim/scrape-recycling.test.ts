import { expect } from 'chai';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { MeshMetrics } from '../../../src/targets/sim/metrics/mesh-metrics.js';
import {
  CADVISOR_JOB,
  ENVOY_STATS_JOB,
  GAMEDAY_JOB,
  KUBE_STATE_JOB,
  jobMetricsPath,
} from '../../../src/targets/sim/metrics/scrape-jobs.js';
import { MetricsServer } from '../../../src/targets/sim/metrics-server.js';
import { ModelTime } from '../../../src/targets/sim/model-time.js';
import { defaultTopology } from '../../../src/targets/sim/model/topology.js';
import type { SimModel } from '../../../src/targets/sim/model/sim-model.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import { newModel, run } from './model/support.js';

const PATHS = ([KUBE_STATE_JOB, CADVISOR_JOB, GAMEDAY_JOB, ENVOY_STATS_JOB] as const).map((job) => jobMetricsPath(job));

function metricsOf(m: SimModel, requests = new RequestMetrics()): MeshMetrics {
  return new MeshMetrics(m, new ModelTime(m.now(), m.now(), 1), requests);
}

/** Pods go and come, containers start, requests are served: every job's bytes move. */
function churn(m: SimModel, requests: RequestMetrics[]): void {
  m.apply({ op: 'delete-pods', namespace: 'users', count: 2 });
  m.apply({ op: 'delete-pods', namespace: 'prod', count: 1 });
  run(m, 3_000);
  for (let i = 0; i < 20; i++)
    for (const hop of m.handleRequest({ path: '/', method: 'GET' }).hops) for (const r of requests) r.record(hop);
}

describe('sim scrapes recycle their buffers only once nothing reads them', () => {
  for (const path of PATHS)
    it(`${path}: a scrape still being sent keeps its bytes; once sent, the next one writes over them and says the same as a fresh render`, () => {
      const m = newModel();
      const requests = [new RequestMetrics(), new RequestMetrics()];
      const metrics = metricsOf(m, requests[0]);
      // The same renderers fed the same model and requests at the same instants, never holding a scrape: the reference.
      const reference = metricsOf(m, requests[1]);
      churn(m, requests);
      const held: { chunks: Buffer[]; copy: Buffer; sent: () => void }[] = [];
      for (let i = 0; i < 3; i++) {
        const r = metrics.scrapeChunks(path);
        const copy = Buffer.concat(r.chunks);
        expect(copy.toString(), `scrape ${i}`).to.equal(reference.scrape(path).body);
        held.push({ ...r, copy });
        churn(m, requests);
      }
      expect(metrics.sending(path)).to.equal(3);
      for (const [i, h] of held.entries()) expect(Buffer.concat(h.chunks).equals(h.copy), `scrape ${i} while being sent`).to.equal(true);

      for (const h of held) {
        h.sent();
        h.sent(); // 'finish' and then 'close': the second says nothing new
      }
      expect(metrics.sending(path)).to.equal(0);
      const recycled = metrics.scrapeChunks(path);
      expect(Buffer.concat(recycled.chunks).toString()).to.equal(reference.scrape(path).body);
      const earlier = new Set(held.flatMap((h) => h.chunks.map((c) => c.buffer)));
      expect(
        recycled.chunks.some((c) => earlier.has(c.buffer)),
        'wrote into an earlier buffer',
      ).to.equal(true);
      recycled.sent();
    });

  it('the listener says a scrape is sent once its bytes are out: a client that stops reading holds it, one that hangs up lets it go', async () => {
    // 6,400 pods: a kube-state-metrics body of about 15 MB, more than the kernel's socket buffers hold.
    const base = defaultTopology();
    const big = {
      ...base,
      workloads: base.workloads.map((w) => ({ ...w, replicas: 800 })),
      nodes: Array.from({ length: 60 }, (_, i) => ({ name: `node-${i}` })),
    };
    const m = newModel({ topology: big, warmupMs: 10_000 });
    const metrics = metricsOf(m);
    const server = new MetricsServer(metrics);
    const url = (await server.listen()) + jobMetricsPath(KUBE_STATE_JOB);
    const path = jobMetricsPath(KUBE_STATE_JOB);
    try {
      const body = await (await fetch(url)).text();
      expect(body.length).to.be.greaterThan(10_000_000);
      await until(() => metrics.sending(path) === 0);

      const stalled = await new Promise<{ res: IncomingMessage; req: ClientRequest }>((resolve, reject) => {
        const req = request(url, (res) => {
          res.pause();
          resolve({ res, req });
        });
        req.on('error', reject);
        req.end();
      });
      expect(metrics.sending(path)).to.equal(1);
      // While it is held, a scrape of the same path must not write over it.
      const meanwhile = metrics.scrapeChunks(path);
      expect(metrics.sending(path)).to.equal(2);
      meanwhile.sent();
      stalled.res.destroy();
      stalled.req.destroy();
      await until(() => metrics.sending(path) === 0);
    } finally {
      await server.close();
    }
  });
});

/** Polls `ok` until it holds, failing after two seconds. */
async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition did not hold within 2 s');
    await new Promise((r) => setImmediate(r));
  }
}
