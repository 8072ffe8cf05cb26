/**
 * RemoteSimTarget: the Target port over a running simulator's control API,
 * as `gameday run --sim-control` and `gameday rollback --sim-control` use it.
 * A journal replayed through it puts the served mesh back.
 */
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { replayUndos } from '../../../src/run/mutator.js';
import type { Operation } from '../../../src/targets/operations.js';
import type { TargetEvent } from '../../../src/targets/port.js';
import { RemoteSimTarget } from '../../../src/targets/sim/remote-sim-target.js';
import { SimTarget, type SimEndpoints } from '../../../src/targets/sim/sim-target.js';

describe('e2e: RemoteSimTarget over a served simulator', function () {
  this.timeout(60_000);
  const clock = new WallClock();
  const served = new SimTarget({ clock, seed: 3, log: silentLogger() });
  let e: SimEndpoints;
  let remote: RemoteSimTarget;

  before(async () => {
    e = await served.up();
    remote = new RemoteSimTarget(e.control, clock);
  });
  after(async () => {
    await remote.down();
    await served.down();
  });

  it('reports the served simulator’s endpoints', async () => {
    const r = await remote.up();
    expect(r).to.deep.equal({ ingressUrl: e.ingressUrl, scrape: e.scrape, timeScale: e.timeScale });
  });

  it('applies, inverts and replays undos through the control API, and forwards events', async () => {
    const events: TargetEvent[] = [];
    const off = remote.onEvent((ev) => events.push(ev));
    const istiod = (await remote.snapshot()).deployments.find((d) => d.name.startsWith('istiod'))!;
    const op: Operation = { op: 'scale', workload: { namespace: istiod.namespace, name: istiod.name }, replicas: 0 };
    const undo = await remote.inverse(op);
    expect(undo).to.deep.equal({ ...op, replicas: istiod.replicas });
    const c = await remote.apply(op);
    expect(c.summary).to.be.a('string').and.not.equal('');
    expect((await served.snapshot()).deployments.find((d) => d.name === istiod.name)!.replicas).to.equal(0);
    // The served model kills the pod; the remote target hears of it by polling /events.
    for (let i = 0; i < 50 && !events.some((ev) => ev.reason === 'Killing'); i++) await clock.sleep(100);
    expect(events.some((ev) => ev.reason === 'Killing' && ev.object.includes('istiod'))).to.equal(true);
    off();
    const out = await replayUndos([{ seq: 1, fault: 'f', op, undo, status: 'applied' }], remote, clock, silentLogger(), undefined);
    expect(out.failures).to.deep.equal([]);
    expect((await served.snapshot()).deployments.find((d) => d.name === istiod.name)!.replicas).to.equal(istiod.replicas);
  });

  it('refuses a malformed operation with the API’s reason', async () => {
    let error: unknown;
    try {
      await remote.apply({ op: 'scale', workload: { namespace: 'x', name: 'y' } } as unknown as Operation);
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.match(/replicas/);
  });
});
