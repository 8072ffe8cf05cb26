import { expect } from 'chai';
import type { Fault } from '../../../src/faults/fault.js';
import { listFaults, faultFor } from '../../../src/faults/registry.js';
import type { FaultParams } from '../../../src/scenario/types.js';
import { ModelTarget } from './support/model-target.js';
import { comparable, drive, MiB, MIN, restoredFrom, run } from './support/mesh-checks.js';
import { TestContext } from './support/test-context.js';
import { stateDigest } from '../sim/model/support.js';

/** A payments lockdown with the article's typo'd principal: it denies every caller, orders included. */
const typoRules = [{ from: [{ source: { notPrincipals: ['cluster.local/ns/order/sa/orders-sa'] } }] }];

async function injectAndRevert(target: ModelTarget, params: FaultParams, during: (ctx: TestContext) => Promise<void>, settleMs = 10 * MIN) {
  const fault = faultFor(params.type) as Fault;
  const before = comparable(target);
  const ctx = new TestContext(target, params.type);
  const res = await drive(target, fault.inject(params, ctx));
  // t_inject is a confirmed mutation of this fault (istiod-outage's TTL change is preparation, not it).
  expect(ctx.journal.map((l) => l.at)).to.include(res.first.at);
  expect(res.operations.length).to.be.greaterThan(0);
  await during(ctx);
  ctx.stop();
  await drive(target, fault.revert(params, ctx));
  await run(target, settleMs);
  return { before, ctx };
}

describe('faults on the simulator model', () => {
  it('the registry lists every fault type once, and refuses an unknown one', () => {
    const types = listFaults().map((f) => f.type);
    expect(types).to.have.length(9);
    expect(new Set(types).size).to.equal(9);
    for (const t of types) expect(faultFor(t).type).to.equal(t);
    expect(() => faultFor('nope')).to.throw(/unknown fault type/);
  });

  it('plan() changes nothing and names the operations inject performs', async () => {
    const target = new ModelTarget();
    const mesh = await target.snapshot();
    const digest = stateDigest(target.model);
    const params: FaultParams[] = [
      { type: 'istiod-oom', belowWorkingSet: 0.7, extraProxies: 2, extraConfigObjects: 0, strategy: 'Recreate' },
      { type: 'deny-policy', namespace: 'payments', name: 'payments-lockdown', mode: 'enforce', rules: typoRules },
      { type: 'pod-churn', namespaces: ['users'], eventsPerSecond: 5, mix: { delete: 6, restart: 3, scale: 1 } },
      { type: 'istiod-outage', certTtlMs: 2 * MIN },
      { type: 'inplace-upgrade', toVersion: '1.13.0', restartWorkloadsAfterMs: MIN },
      { type: 'canary-upgrade', toRevision: '1-13-0', toVersion: '1.13.0', canaryNamespaces: ['staging'], stages: [{ afterMs: MIN, namespaces: ['orders'] }], tag: 'stable' },
      { type: 'access-log-flood', namespaces: ['users'], encoding: 'JSON', componentLogLevel: 'debug' },
      { type: 'sidecar-starvation', namespaces: ['users'], cpuLimitMilli: 20 },
    ];
    for (const p of params) {
      const steps = faultFor(p.type).plan(p, mesh);
      expect(steps.length, p.type).to.be.greaterThan(0);
      for (const s of steps) expect(s.description, p.type).to.be.a('string').and.not.equal('');
    }
    expect(stateDigest(target.model)).to.equal(digest);
    const canary = faultFor('canary-upgrade').plan(params[5]!, mesh);
    expect(canary.at(-1)?.operation).to.deep.equal({ op: 'set-revision-tag', tag: 'stable', revision: '1-13-0' });
    expect(canary.at(-1)?.offsetMs).to.equal(MIN);
  });

  it('istiod-oom by demand: generated config pushes istiod over a limit it fitted under; revert removes it', async () => {
    const target = new ModelTarget();
    await run(target, MIN);
    const istiod = target.model.istiodMemory()[0]!;
    const limit = Math.ceil((istiod.workingSetBytes * 1.2) / 2 ** 20) * 2 ** 20;
    const params: FaultParams = { type: 'istiod-oom', memoryLimitBytes: limit, belowWorkingSet: 0.7, extraProxies: 0, extraConfigObjects: 2000, strategy: 'Recreate' };
    const { before, ctx } = await injectAndRevert(target, params, async () => {
      await run(target, 3 * MIN);
      expect(target.model.comparableState().configLoad).to.deep.equal({ 'istio-system': 2000 });
      expect(target.model.events().some((e) => e.reason === 'OOMKilled' && e.object.includes('istiod'))).to.equal(true);
    });
    expect(ctx.applied('set-config-load')).to.have.length(1);
    expect(comparable(target)).to.deep.equal(before);
  });

  it('istiod-oom: the serving istiod is replaced and OOMKilled (137) into CrashLoopBackOff; revert restores it', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'istiod-oom', belowWorkingSet: 0.7, extraProxies: 0, extraConfigObjects: 0, strategy: 'Recreate' };
    let crashLoop = false;
    const { before, ctx } = await injectAndRevert(target, params, async () => {
      await run(target, 2 * MIN);
      await target.clock.advance(2 * MIN, () => {
        const pod = target.model.snapshot().pods.find((p) => p.workload === 'istiod-1-12-0');
        if (pod?.containers[0]?.status.state === 'waiting' && pod.containers[0].status.reason === 'CrashLoopBackOff') crashLoop = true;
      });
      const istiod = target.model.snapshot().pods.filter((p) => p.workload === 'istiod-1-12-0');
      expect(istiod).to.have.length(1);
      const c = istiod[0]!.containers[0]!;
      expect(c.lastTerminated).to.include({ reason: 'OOMKilled', exitCode: 137 });
      expect(c.restartCount).to.be.greaterThan(1);
      expect(target.model.events().some((e) => e.reason === 'OOMKilled' && e.object.includes('istiod'))).to.equal(true);
    });
    expect(crashLoop, 'CrashLoopBackOff seen').to.equal(true);
    expect(ctx.applied('set-rollout-strategy')).to.have.length(1);
    expect(comparable(target)).to.deep.equal(before);
    expect(target.model.snapshot().revisions[0]!.readyReplicas).to.equal(1);
  });

  it('image-cache-evict: the old istiod image is gone and the registry down, so a rollback cannot pull; the timer restores the registry', async () => {
    const target = new ModelTarget();
    await target.apply({ op: 'install-revision', revision: '1-12-0', version: '1.13.0', replicas: 1, memoryLimitBytes: null });
    await run(target, 2 * MIN);
    const params: FaultParams = { type: 'image-cache-evict', image: 'previous-istiod', registry: 'unreachable', pullDelayMs: 0, registryOutageMs: 3 * MIN };
    const fault = faultFor(params.type);
    expect(fault.plan(params, await target.snapshot()).some((s) => s.operation?.op === 'evict-image' && s.operation.image === 'docker.io/istio/pilot:1.12.0')).to.equal(true);
    const ctx = new TestContext(target);
    const res = await drive(target, fault.inject(params, ctx));
    const mesh = await target.snapshot();
    expect(mesh.nodes.every((n) => !n.images.includes('docker.io/istio/pilot:1.12.0'))).to.equal(true);
    expect(mesh.registry.reachable).to.equal(false);
    // The on-call rollback.
    await target.apply({ op: 'install-revision', revision: '1-12-0', version: '1.12.0', replicas: 1, memoryLimitBytes: null });
    await run(target, MIN);
    expect(target.model.events().some((e) => e.reason === 'ErrImagePull' && e.message.includes('pilot:1.12.0'))).to.equal(true);
    await run(target, 2 * MIN + 1000);
    expect((await target.snapshot()).registry.reachable, 'restored by the timer').to.equal(true);
    ctx.stop();
    await res.background;
    await fault.revert(params, ctx);
    await run(target, 10 * MIN);
    await drive(target, Promise.resolve());
    const istiod = (await target.snapshot()).pods.find((p) => p.workload === 'istiod-1-12-0');
    expect(istiod?.containers[0]?.image).to.equal('docker.io/istio/pilot:1.12.0');
    expect(istiod?.ready).to.equal(true);
  });

  it('image-cache-evict: revert brings the registry back; only the evicted image stays gone until pulled', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'image-cache-evict', image: 'docker.io/gameday/frontend:v1', registry: 'slow', pullDelayMs: 60_000 };
    const { before } = await injectAndRevert(target, params, async () => {
      expect((await target.snapshot()).registry).to.deep.equal({ reachable: true, pullDelayMs: 60_000 });
    });
    expect(comparable(target, { withoutNodes: true })).to.deep.include({ registry: before.registry });
    const { nodes: _n, ...rest } = before;
    expect(comparable(target, { withoutNodes: true })).to.deep.equal(rest);
  });

  for (const mode of ['enforce', 'dry-run', 'audit'] as const) {
    it(`deny-policy (${mode}): ${mode === 'enforce' ? '403 RBAC: access denied' : 'nothing denied'}; revert deletes the policy`, async () => {
      const target = new ModelTarget();
      const params: FaultParams = { type: 'deny-policy', namespace: 'payments', name: 'payments-lockdown', mode, rules: typoRules };
      const { before } = await injectAndRevert(
        target,
        params,
        async () => {
          await run(target, 10_000);
          const r = target.model.handleRequest({ path: '/', method: 'GET' });
          const payments = r.hops.find((h) => h.destinationNamespace === 'payments');
          if (mode === 'enforce') {
            expect(r.status).to.equal(403);
            expect(r.body).to.equal('RBAC: access denied');
            expect(payments?.deniedBy).to.equal('payments/payments-lockdown');
          } else {
            expect(r.status).to.equal(200);
            expect(payments?.dryRunDenied ?? []).to.deep.equal(mode === 'dry-run' ? ['payments/payments-lockdown'] : []);
          }
        },
        MIN,
      );
      expect(target.model.handleRequest({ path: '/', method: 'GET' }).status).to.equal(200);
      expect(comparable(target)).to.deep.equal(before);
    });
  }

  it('pod-churn: a storm makes proxies STALE; revert stops it and restores replica counts', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'pod-churn', namespaces: ['users', 'orders', 'payments'], eventsPerSecond: 20, mix: { delete: 6, restart: 3, scale: 1 } };
    let maxStale = 0;
    let maxQueue = 0;
    const { before, ctx } = await injectAndRevert(target, params, async () => {
      await target.clock.advance(60_000, () => {
        maxStale = Math.max(maxStale, ...target.model.proxyStatusCounts().map((c) => c.staleProxies));
        maxQueue = Math.max(maxQueue, ...target.model.pilot().map((p) => p.queueLength));
      });
    });
    expect(ctx.journal.length, 'events in a minute').to.be.greaterThan(1000);
    expect(new Set(ctx.journal.map((l) => l.op.op))).to.have.keys('delete-pods', 'rollout-restart', 'scale');
    expect(maxStale + maxQueue, 'stale proxies or queued pushes').to.be.greaterThan(0);
    const n = ctx.journal.length;
    await run(target, MIN);
    expect(ctx.journal.length, 'the storm stopped').to.equal(n);
    expect(comparable(target)).to.deep.equal(before);
  });

  it('istiod-outage: certificates shortened, istiod gone, new pods rejected, mTLS fails once certificates expire', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'istiod-outage', certTtlMs: 2 * MIN };
    let failures = 0;
    const { before, ctx } = await injectAndRevert(target, params, async (c) => {
      expect(c.applied().map((o) => o.op)).to.deep.equal(['set-cert-ttl', 'scale']);
      expect((await target.snapshot()).proxies.every((x) => x.certExpiresAt === null || x.certExpiresAt <= c.journal[1]!.at + 2 * MIN)).to.equal(true);
      await target.apply({ op: 'rollout-restart', workload: { namespace: 'users', name: 'profile' } });
      const t = await run(target, 3 * MIN, ['/']);
      failures = t.failed;
      expect(target.model.events().some((e) => e.reason === 'FailedCreate')).to.equal(true);
      expect(t.byStatus[503] ?? 0).to.be.greaterThan(0);
    });
    expect(failures).to.be.greaterThan(0);
    expect(ctx.journal.map((l) => l.undone)).to.deep.equal([true, true]);
    expect(comparable(target)).to.deep.equal(before);
  });

  it('inplace-upgrade: the upgraded istiod passes its limit and is OOMKilled; revert reinstalls the old version', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'inplace-upgrade', toVersion: '1.13.0', memoryLimitBytes: 128 * MiB, restartWorkloadsAfterMs: MIN };
    const { before, ctx } = await injectAndRevert(target, params, async () => {
      await run(target, 4 * MIN);
      expect(target.model.events().some((e) => e.reason === 'OOMKilled' && e.object.includes('istiod'))).to.equal(true);
      expect((await target.snapshot()).pods.some((p) => p.namespace === 'users' && p.revision === '1-12-0')).to.equal(true);
    });
    expect(ctx.applied('rollout-restart').length, 'every injected workload restarted').to.be.greaterThan(8);
    // The 1.13 images pulled during the upgrade stay cached; everything else is as before.
    expect(restoredFrom(target, before)).to.deep.equal({ config: true, lostImages: [] });
    expect((await target.snapshot()).revisions[0]).to.include({ version: '1.12.0', readyReplicas: 1 });
  });

  it('canary-upgrade: only the canary namespace depends on the new revision; the rollback is a tag move', async () => {
    const target = new ModelTarget();
    const params: FaultParams = {
      type: 'canary-upgrade',
      toRevision: '1-13-0',
      toVersion: '1.13.0',
      memoryLimitBytes: 128 * MiB,
      canaryNamespaces: ['staging'],
      stages: [{ afterMs: MIN, namespaces: ['staging'] }],
      tag: 'stable',
    };
    let prod = 0;
    const { before } = await injectAndRevert(target, params, async () => {
      const t = await run(target, 3 * MIN, ['/']);
      prod = t.failed;
      const mesh = await target.snapshot();
      expect(mesh.tags.stable, 'promoted at the last stage').to.equal('1-13-0');
      expect(mesh.namespaces.find((n) => n.name === 'staging')?.injectionRevision).to.equal('1-13-0');
      // The canary istiod crash-loops, so its injector rejects staging's new pods; the old ones keep serving.
      expect(target.model.events().some((e) => e.reason === 'OOMKilled' && e.object.includes('istiod-1-13-0'))).to.equal(true);
      expect(target.model.events().some((e) => e.reason === 'FailedCreate' && e.object.startsWith('replicaset/staging/'))).to.equal(true);
      expect(mesh.pods.filter((p) => ['payments', 'orders', 'users'].includes(p.namespace)).every((p) => p.revision === '1-12-0')).to.equal(true);
    });
    expect(prod, 'production requests failed').to.equal(0);
    expect((await target.snapshot()).tags.stable, 'tag moved back').to.equal('1-12-0');
    expect(restoredFrom(target, before)).to.deep.equal({ config: true, lostImages: [] });
  });

  it('access-log-flood: sidecars restart logging JSON at debug and burn CPU; revert rolls them back', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'access-log-flood', namespaces: ['users'], encoding: 'JSON', componentLogLevel: 'debug' };
    const cpu = (): number =>
      Math.max(...target.model.pods().filter((p) => p.namespace === 'users' && !p.terminating).flatMap((p) => p.containers.filter((c) => c.container === 'istio-proxy').map((c) => c.cpuUsageMilli)));
    await run(target, 5000, ['/']);
    const idle = cpu();
    const { before } = await injectAndRevert(target, params, async () => {
      await run(target, 2 * MIN, ['/']);
      expect(cpu()).to.be.greaterThan(idle * 10);
    });
    expect(comparable(target)).to.deep.equal(before);
  });

  it('sidecar-starvation: a memory limit below the proxy working set OOMKills istio-proxy; revert rolls back', async () => {
    const target = new ModelTarget();
    const params: FaultParams = { type: 'sidecar-starvation', namespaces: ['users'], memoryLimitBytes: 16 * MiB, cpuLimitMilli: 20 };
    const { before } = await injectAndRevert(target, params, async () => {
      await run(target, 2 * MIN, ['/']);
      // The rollout's new pods get the starved sidecar and crash-loop; the rollout stalls on them.
      const proxies = target.model.pods().flatMap((p) => (p.namespace === 'users' ? p.containers.filter((c) => c.container === 'istio-proxy') : []));
      const starved = proxies.filter((c) => c.memoryLimitBytes === 16 * MiB);
      expect(starved.length).to.be.greaterThan(0);
      expect(starved.every((c) => c.cpuLimitMilli === 20 && c.lastTerminatedReason === 'OOMKilled' && c.lastTerminatedExitCode === 137)).to.equal(true);
      expect(starved.some((c) => c.waitingReason === 'CrashLoopBackOff')).to.equal(true);
    });
    expect(comparable(target)).to.deep.equal(before);
  });
});
