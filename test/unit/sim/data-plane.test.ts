import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { DataPlane, producingNamespace } from '../../../src/targets/sim/data-plane.js';
import { localReplyBody } from '../../../src/targets/sim/local-replies.js';
import type { RequestOutcome } from '../../../src/targets/sim/model/readings.js';
import { RequestMetrics } from '../../../src/targets/sim/request-metrics.js';
import { SymptomTracker } from '../../../src/targets/sim/symptom-tracker.js';
import { FakeMeshModel } from './fake-mesh-model.js';

const denyAll = { op: 'apply-authorization-policy', policy: { namespace: 'prod', name: 'deny-all', action: 'DENY' } } as const;

function setup() {
  const clock = new VirtualClock();
  const model = new FakeMeshModel(clock.now());
  const metrics = new RequestMetrics();
  const symptoms = new SymptomTracker(clock, { healthyWindowMs: 10_000 });
  const plane = new DataPlane({ model, metrics, symptoms, gatewayNamespace: 'istio-system' });
  return { clock, model, metrics, symptoms, plane };
}

describe('sim data plane', () => {
  it('answers with the model’s status and body and records every hop under each reporter', () => {
    const { plane, metrics } = setup();
    const reply = plane.handle('GET', '/shop?x=1');
    expect(reply).to.deep.equal({ status: 200, body: 'ok', namespace: 'prod', latencyMs: 2 });
    expect(metrics.total({ reporter: 'source' })).to.equal(2);
    expect(metrics.total({ reporter: 'destination' })).to.equal(2);
  });

  it('turns a DENY into 403 RBAC: access denied, counted as response_code 403', () => {
    const { plane, model, metrics } = setup();
    model.apply(denyAll);
    const reply = plane.handle('GET', '/');
    expect(reply.status).to.equal(403);
    expect(reply.body).to.equal('RBAC: access denied');
    expect(metrics.total({ reporter: 'destination', response_code: '403', response_flags: '-' })).to.equal(1);
  });

  it('records the first failed response of each episode as a symptom, on the clock', async () => {
    const { plane, model, clock, symptoms } = setup();
    plane.handle('GET', '/');
    expect(symptoms.all()).to.deep.equal([]);
    model.apply(denyAll);
    await clock.advance(1_000);
    const first = clock.now();
    plane.handle('GET', '/');
    await clock.advance(5_000);
    plane.handle('GET', '/');
    model.apply({ op: 'delete-authorization-policy', namespace: 'prod', name: 'deny-all' });
    await clock.advance(30_000);
    plane.handle('GET', '/');
    model.apply(denyAll);
    const second = clock.now();
    plane.handle('GET', '/');
    const records = symptoms.all();
    expect(records.map((r) => r.at)).to.deep.equal([first, second]);
    expect(records[0]!.what).to.equal('GET /: 403 RBAC: access denied (namespace prod)');
  });

  it('attributes a failure to the deepest hop that produced it', () => {
    const outcome = new FakeMeshModel().handleRequest({ path: '/', method: 'GET' });
    const failing: RequestOutcome = {
      ...outcome,
      status: 503,
      hops: [
        { ...outcome.hops[0]!, responseCode: 503, destinationNamespace: 'prod' },
        { ...outcome.hops[1]!, responseCode: 503, responseFlags: 'UH', destinationNamespace: 'backend-ns' },
      ],
    };
    expect(producingNamespace(failing, 'istio-system')).to.equal('backend-ns');
    expect(producingNamespace({ ...outcome, status: 404, hops: [] }, 'istio-system')).to.equal('istio-system');
  });

  it('gives Envoy’s local reply bodies when the model has none', () => {
    expect(localReplyBody(503, 'UH')).to.equal('no healthy upstream');
    expect(localReplyBody(503, 'UF,URX')).to.match(/^upstream connect error/);
    expect(localReplyBody(403, '-')).to.equal('RBAC: access denied');
    expect(localReplyBody(404, 'NR')).to.equal('');
  });
});
