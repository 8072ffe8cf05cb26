/**
 * The simulator's three faces over real loopback HTTP, on a small fake model
 * driven by a virtual clock: data plane replies and headers, the control
 * API's routes and validation, and everything closed after `down`.
 */
import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { SimControlClient } from '../../../src/targets/sim/control-client.js';
import { NAMESPACE_HEADER, UPSTREAM_TIME_HEADER } from '../../../src/targets/sim/data-plane.js';
import { SimTarget, type SimEndpoints } from '../../../src/targets/sim/sim-target.js';
import type { TargetEvent } from '../../../src/targets/port.js';
import { FakeMeshModel } from '../../unit/sim/fake-mesh-model.js';

describe('e2e: simulator faces (fake model)', () => {
  let clock: VirtualClock;
  let model: FakeMeshModel;
  let target: SimTarget;
  let e: SimEndpoints;

  beforeEach(async () => {
    clock = new VirtualClock();
    model = new FakeMeshModel(clock.now());
    target = new SimTarget({ clock, timeScale: 2, createModel: () => model });
    e = await target.up();
  });

  afterEach(async () => {
    await target.down();
  });

  it('listens on loopback only and hands out an http-sd scrape source', () => {
    for (const url of [e.ingressUrl, e.control, e.metrics]) expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(e.scrape).to.deep.equal({ kind: 'http-sd', url: `${e.metrics}/sd` });
    expect(e.timeScale).to.equal(2);
  });

  it('advances the model with the clock times the time scale', async () => {
    const start = model.now();
    await clock.advance(1_000);
    expect(model.now()).to.equal(start + 2_000);
    expect(target.tickStats()!.ticks).to.be.greaterThan(0);
  });

  it('answers ingress requests with status, body, namespace and upstream time headers', async () => {
    const res = await fetch(`${e.ingressUrl}/shop`);
    expect(res.status).to.equal(200);
    expect(res.headers.get(NAMESPACE_HEADER)).to.equal('prod');
    expect(res.headers.get(UPSTREAM_TIME_HEADER)).to.equal('2');
    expect(await res.text()).to.equal('ok');
  });

  it('applies a DENY through the control API: 403 RBAC: access denied, counted by the destination', async () => {
    const control = new SimControlClient(e.control);
    const events: TargetEvent[] = [];
    target.onEvent((ev) => events.push(ev));
    const confirmation = await control.apply({
      op: 'apply-authorization-policy',
      policy: { namespace: 'prod', name: 'deny-all', action: 'DENY' },
    });
    expect(confirmation).to.deep.equal({ at: clock.now(), summary: 'AuthorizationPolicy prod/deny-all created' });
    const res = await fetch(`${e.ingressUrl}/`);
    expect(res.status).to.equal(403);
    expect(await res.text()).to.equal('RBAC: access denied');
    expect(target.requestMetrics().total({ reporter: 'destination', response_code: '403' })).to.equal(1);
    expect(events.map((ev) => ev.object)).to.deep.equal(['authorizationpolicy/prod/deny-all']);
    expect(await control.events()).to.have.length(1);
    expect(await control.symptoms()).to.have.length(1);
    expect(
      await control.inverse({ op: 'apply-authorization-policy', policy: { namespace: 'prod', name: 'deny-all', action: 'DENY' } }),
    ).to.deep.equal({
      op: 'delete-authorization-policy',
      namespace: 'prod',
      name: 'deny-all',
    });
    expect(await control.table('policies')).to.match(/prod\s+deny-all\s+DENY/);
  });

  it('rejects a malformed operation with 400 and every issue', async () => {
    const res = await fetch(`${e.control}/operations`, {
      method: 'POST',
      body: JSON.stringify({ op: 'scale', workload: { namespace: 'prod' }, replicas: 'two' }),
    });
    expect(res.status).to.equal(400);
    expect(await res.json()).to.deep.equal({
      error: 'not a valid Operation',
      issues: ['$.workload.name: required', '$.replicas: expected an integer ≥ 0'],
    });
    const notJson = await fetch(`${e.control}/operations`, { method: 'POST', body: '{op:' });
    expect(notJson.status).to.equal(400);
    expect(((await notJson.json()) as { error: string }).error).to.match(/^request body is not JSON/);
    const unknown = await fetch(`${e.control}/operations`, { method: 'POST', body: JSON.stringify({ op: 'drop-table' }) });
    expect(((await unknown.json()) as { issues: string[] }).issues[0]).to.match(/^\$\.op: expected one of/);
  });

  it('says 409 when the mesh refuses a valid operation, and 404/405 for unknown routes', async () => {
    const refused = await fetch(`${e.control}/operations`, { method: 'POST', body: JSON.stringify({ op: 'set-cert-ttl', ttlMs: 1000 }) });
    expect(refused.status).to.equal(409);
    expect((await fetch(`${e.control}/nope`)).status).to.equal(404);
    expect((await fetch(`${e.control}/pods`, { method: 'DELETE' })).status).to.equal(405);
  });

  it('serves listings as JSON and as tables', async () => {
    const pods = (await (await fetch(`${e.control}/pods`)).json()) as { name: string }[];
    expect(pods.map((p) => p.name)).to.deep.equal(['frontend-abc']);
    const table = await (await fetch(`${e.control}/proxy-status`, { headers: { accept: 'text/plain' } })).text();
    expect(table).to.match(/^NAME\s+CLUSTER\s+CDS/);
    const snap = (await (await fetch(`${e.control}/snapshot`)).json()) as { at: number };
    expect(snap.at).to.equal(model.now());
  });

  it('serves SD and scrapes; a stopped istiod pod fails its scrape with 503', async () => {
    const groups = (await (await fetch(e.scrape.kind === 'http-sd' ? e.scrape.url : '')).json()) as { labels: Record<string, string> }[];
    const istiod = groups.find((g) => g.labels.job === 'istiod')!;
    expect((await fetch(`${e.metrics}${istiod.labels.__metrics_path__}`)).status).to.equal(200);
    model.istiodRunning = false;
    expect((await fetch(`${e.metrics}${istiod.labels.__metrics_path__}`)).status).to.equal(503);
  });

  it('closes every listener on down, and down is idempotent', async () => {
    await target.down();
    await target.down();
    for (const url of [e.ingressUrl, e.control, `${e.metrics}/sd`]) {
      let failed = false;
      await fetch(url).catch(() => (failed = true));
      expect(failed, url).to.equal(true);
    }
    let thrown: unknown;
    await target.snapshot().catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(Error);
  });
});
