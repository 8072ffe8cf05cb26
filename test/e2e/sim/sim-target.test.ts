/**
 * SimTarget on the real model: requests through the ingress listener, a DENY
 * policy injected through the control API, the 403s it causes seen by the
 * client and in the scraped `istio_requests_total`, and everything closed after.
 */
import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { SimControlClient } from '../../../src/targets/sim/control-client.js';
import { NAMESPACE_HEADER } from '../../../src/targets/sim/data-plane.js';
import { SimTarget, type SimEndpoints } from '../../../src/targets/sim/sim-target.js';
import { parseExposition } from '../../unit/sim/parse-exposition.js';

async function requests(url: string, n: number): Promise<{ status: number; body: string; namespace: string | null }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(url);
    out.push({ status: res.status, body: await res.text(), namespace: res.headers.get(NAMESPACE_HEADER) });
  }
  return out;
}

async function requestTotal(e: SimEndpoints, match: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${e.metrics}/metrics/envoy-stats`)).text();
  const samples = parseExposition(text).get('istio_requests_total')?.samples ?? [];
  return samples.filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}

describe('e2e: SimTarget (real model)', function () {
  this.timeout(60_000);
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  // A short delay threshold would hold replies on real timers; the virtual clock does not move those.
  const target = new SimTarget({ clock, seed: 7, delayThresholdMs: Infinity });
  let e: SimEndpoints;

  before(async () => {
    e = await target.up();
  });

  after(async () => {
    await target.down();
  });

  it('serves the steady mesh: 200s from the users namespace, counted by both reporters', async () => {
    const replies = await requests(`${e.ingressUrl}/`, 20);
    expect(replies.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
    expect(replies[0]!.namespace).to.equal('users');
    expect(await requestTotal(e, { reporter: 'source', response_code: '200' })).to.be.greaterThan(0);
    expect(
      await requestTotal(e, { reporter: 'destination', response_code: '200', connection_security_policy: 'mutual_tls' }),
    ).to.be.greaterThan(0);
    expect(target.symptoms()).to.deep.equal([]);
  });

  it('publishes istiod per pod, kube-state-metrics and the rest through SD', async () => {
    const groups = (await (await fetch(`${e.metrics}/sd`)).json()) as { labels: Record<string, string> }[];
    const istiod = groups.filter((g) => g.labels.job === 'istiod');
    expect(istiod.length).to.be.greaterThan(0);
    for (const g of groups) expect((await fetch(`${e.metrics}${g.labels.__metrics_path__}`)).status, g.labels.job).to.equal(200);
    const pilot = parseExposition(await (await fetch(`${e.metrics}${istiod[0]!.labels.__metrics_path__}`)).text());
    expect(pilot.get('pilot_xds')!.samples[0]!.value).to.be.greaterThan(0);
  });

  it('a DENY applied through the control API yields 403 RBAC: access denied and istio_requests_total{response_code="403"} rises', async () => {
    const before403 = await requestTotal(e, { response_code: '403' });
    const control = new SimControlClient(e.control);
    const confirmation = await control.apply({
      op: 'apply-authorization-policy',
      policy: { namespace: 'payments', name: 'deny-everything', action: 'DENY', rules: [{}] },
    });
    expect(confirmation.at).to.equal(clock.now());
    // istiod debounces and pushes the policy to the payments proxies.
    await clock.advance(10_000);
    const replies = await requests(`${e.ingressUrl}/`, 10);
    expect(replies.map((r) => r.status)).to.deep.equal(Array(10).fill(403));
    expect(replies[0]!.body).to.equal('RBAC: access denied');
    expect(replies[0]!.namespace).to.equal('payments');
    const after403 = await requestTotal(e, {
      reporter: 'destination',
      response_code: '403',
      response_flags: '-',
      destination_workload_namespace: 'payments',
    });
    expect(after403).to.be.greaterThan(before403);
    expect(await control.table('policies')).to.match(/payments\s+deny-everything\s+DENY/);
    const symptoms = target.symptoms();
    expect(symptoms).to.have.length(1);
    expect(symptoms[0]!.what).to.match(/403 RBAC: access denied \(namespace payments\)/);
  });

  it('deleting the DENY serves users again', async () => {
    const remove = { op: 'delete-authorization-policy', namespace: 'payments', name: 'deny-everything' } as const;
    // The undo is read from the state before the change: the policy as it is now.
    expect((await target.inverse(remove))?.op).to.equal('apply-authorization-policy');
    await target.apply(remove);
    await clock.advance(10_000);
    expect((await requests(`${e.ingressUrl}/`, 5)).map((r) => r.status)).to.deep.equal(Array(5).fill(200));
  });

  it('closes everything on down', async () => {
    await target.down();
    for (const url of [e.ingressUrl, e.control, `${e.metrics}/sd`]) {
      let failed = false;
      await fetch(url).catch(() => (failed = true));
      expect(failed, url).to.equal(true);
    }
  });
});
