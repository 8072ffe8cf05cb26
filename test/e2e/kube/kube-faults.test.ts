/**
 * Every fault through the Kubernetes adapter against the testbed (a real API
 * server, controllers, scheduler, kwok's fake kubelet, Istio installed by
 * istioctl at revision 1-31 with the `stable` tag): inject as the runner does
 * (undo read from live state and journaled first), see the Kubernetes effects
 * and the events on the target's event stream, revert, and find every API
 * object the fault touched equal to before (minus resourceVersion, status,
 * managedFields, generation and the controller's revision counter).
 */
import { AdmissionregistrationV1Api, AppsV1Api, CoreV1Api, CustomObjectsApi, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { TargetError } from '../../../src/errors.js';
import { faultFor } from '../../../src/faults/registry.js';
import { silentLogger } from '../../../src/log.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import type { FaultParams } from '../../../src/scenario/types.js';
import { KubeTarget } from '../../../src/targets/kube/kube-target.js';
import type { TargetEvent } from '../../../src/targets/port.js';
import { applyDemo, comparable, DEMO, waitAvailable } from '../../support/kube-demo.js';
import { faultHarness } from '../../support/kube-fault-context.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';

const REVISION = '1-31';
const ISTIOD = { namespace: 'istio-system', name: `istiod-${REVISION}` };
const AUTHZ = { group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies' };

describe('faults on a real Kubernetes control plane through the kube adapter', function () {
  this.timeout(240_000);
  let tb: Testbed;
  let target: KubeTarget;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;
  const events: TargetEvent[] = [];

  before(async () => {
    tb = await startTestbed({ istio: { revision: REVISION, tags: ['stable'] } });
    const kc = tb.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    await applyDemo(kc, { labelIstioSystem: true });
    process.env.GAMEDAY_ISTIOCTL = tb.istioctl;
    target = new KubeTarget({
      kind: 'cluster',
      context: tb.context,
      kubeconfigPath: tb.kubeconfigPath,
      namespaces: ['istio-system', ...DEMO.map((w) => w.namespace)],
      clock: new WallClock(),
      log: silentLogger(),
      ingressUrl: 'http://127.0.0.1:9',
    });
    target.onEvent((e) => events.push(e));
    await target.up();
  });

  after(async () => {
    await target?.down();
    await tb?.stop();
    delete process.env.GAMEDAY_ISTIOCTL;
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
  });

  const deploymentsOf = async (namespaces: string[]): Promise<V1Deployment[]> =>
    (await Promise.all(namespaces.map(async (namespace) => (await apps.listNamespacedDeployment({ namespace })).items))).flat();
  const comparableAll = (ds: object[]): unknown[] => ds.map((o) => comparable(o));
  const eventsSince = (from: number, reason: string, objectPrefix: string): TargetEvent[] =>
    events.filter((e) => e.at >= from && e.reason === reason && e.object.startsWith(objectPrefix));
  const waitFor = async (what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> => {
    expect(await pollUntil(async () => probe(), { timeoutMs, intervalMs: 200 }), what).to.equal(true);
  };

  async function injectAndRevert(params: FaultParams, during: (t0: number) => Promise<void>): Promise<string[]> {
    const fault = faultFor(params.type);
    const h = faultHarness(target, params.type);
    const t0 = Date.now();
    const result = await fault.inject(params as never, h.ctx);
    try {
      await during(t0);
    } finally {
      h.stop();
      await fault.revert(params as never, h.ctx);
      await result.background;
    }
    return result.operations;
  }

  it('deny-policy: a DENY AuthorizationPolicy replaces the one there, and revert restores it as it was', async () => {
    const before = await custom.createNamespacedCustomObject({
      ...AUTHZ,
      namespace: 'payments',
      body: {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'payments-lockdown', labels: { team: 'payments' } },
        spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['orders'] } }] }] },
      },
    });
    await injectAndRevert(
      {
        type: 'deny-policy',
        namespace: 'payments',
        name: 'payments-lockdown',
        mode: 'enforce',
        rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/order/sa/orders-sa'] } }] }],
      },
      async () => {
        const live = (await custom.getNamespacedCustomObject({ ...AUTHZ, namespace: 'payments', name: 'payments-lockdown' })) as {
          spec: { action: string; rules: unknown[] };
        };
        expect(live.spec.action).to.equal('DENY');
        expect(live.spec.rules).to.deep.equal([{ from: [{ source: { notPrincipals: ['cluster.local/ns/order/sa/orders-sa'] } }] }]);
        expect((await target.snapshot()).policies.find((p) => p.name === 'payments-lockdown')?.action).to.equal('DENY');
      },
    );
    const after = await custom.getNamespacedCustomObject({ ...AUTHZ, namespace: 'payments', name: 'payments-lockdown' });
    expect(comparable(after)).to.deep.equal(comparable(before));
  });

  it('deny-policy (dry-run) on a namespace without a policy: created with istio.io/dry-run, deleted on revert', async () => {
    await injectAndRevert(
      {
        type: 'deny-policy',
        namespace: 'orders',
        name: 'orders-rehearsal',
        mode: 'dry-run',
        rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }],
      },
      async () => {
        const live = (await custom.getNamespacedCustomObject({ ...AUTHZ, namespace: 'orders', name: 'orders-rehearsal' })) as {
          metadata: { annotations?: Record<string, string> };
          spec: { action: string };
        };
        expect(live.spec.action).to.equal('DENY');
        expect(live.metadata.annotations?.['istio.io/dry-run']).to.equal('true');
      },
    );
    const left = (await custom.listNamespacedCustomObject({ ...AUTHZ, namespace: 'orders' })) as { items: unknown[] };
    expect(left.items).to.deep.equal([]);
  });

  it('istiod-oom: Recreate + a limit below the working set → the new istiod is OOMKilled into CrashLoopBackOff; revert restores the Deployment', async () => {
    const before = await apps.readNamespacedDeployment(ISTIOD);
    const ops = await injectAndRevert(
      { type: 'istiod-oom', belowWorkingSet: 0.7, extraProxies: 0, extraConfigObjects: 0, strategy: 'Recreate' },
      async (t0) => {
        const live = await apps.readNamespacedDeployment(ISTIOD);
        expect(live.spec?.strategy?.type).to.equal('Recreate');
        // 0.7 × the 400Mi working set the testbed's istiod declares.
        expect(live.spec?.template.spec?.containers.find((c) => c.name === 'discovery')?.resources?.limits?.memory).to.equal('280Mi');
        await waitFor(
          'an OOMKilled event for istiod on the target',
          () => eventsSince(t0, 'OOMKilled', 'pod/istio-system/istiod-').length > 0,
        );
        await waitFor('a BackOff event for istiod', () => eventsSince(t0, 'BackOff', 'pod/istio-system/istiod-').length > 0);
        const mesh = await target.snapshot();
        const pod = mesh.pods.find((p) => p.namespace === 'istio-system' && p.workload === ISTIOD.name);
        expect(pod?.containers[0]?.lastTerminated).to.include({ reason: 'OOMKilled', exitCode: 137 });
      },
    );
    expect(ops.join('\n')).to.match(/Recreate/);
    const after = await apps.readNamespacedDeployment(ISTIOD);
    expect(comparable(after)).to.deep.equal(comparable(before));
    await waitFor('istiod running again without restarts', async () => {
      const pods = (await core.listNamespacedPod({ namespace: 'istio-system', labelSelector: `app=istiod` })).items.filter(
        (p: V1Pod) => !p.metadata?.deletionTimestamp,
      );
      return pods.length === 1 && pods[0]!.status?.containerStatuses?.[0]?.restartCount === 0 && pods[0]!.status?.phase === 'Running';
    });
  });

  it('istiod-oom (more config instead of a lower limit): generated ServiceEntries for istiod to hold; revert deletes them', async () => {
    const ses = async (): Promise<string[]> =>
      (
        (await custom.listNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          plural: 'serviceentries',
          namespace: 'istio-system',
        })) as { items: { metadata: { name: string } }[] }
      ).items
        .map((o) => o.metadata.name)
        .sort();
    const before = comparable(await apps.readNamespacedDeployment(ISTIOD));
    await injectAndRevert(
      { type: 'istiod-oom', belowWorkingSet: 0, extraProxies: 0, extraConfigObjects: 3, strategy: 'Recreate' },
      async () => {
        expect(await ses()).to.deep.equal(['gameday-load-0', 'gameday-load-1', 'gameday-load-2']);
      },
    );
    expect(await ses()).to.deep.equal([]);
    expect(comparable(await apps.readNamespacedDeployment(ISTIOD))).to.deep.equal(before);
  });

  it('pod-churn: deletes, restarts and scales at the requested rate; revert puts replica counts back', async () => {
    const namespaces = ['orders', 'payments'];
    const before = await deploymentsOf(namespaces);
    const deleted = new Set<string>();
    await injectAndRevert({ type: 'pod-churn', namespaces, eventsPerSecond: 5, mix: { delete: 6, restart: 3, scale: 1 } }, async (t0) => {
      await waitFor('churn: at least 8 pods seen going', () => eventsSince(t0, 'Killing', 'pod/').length >= 8, 30_000);
      for (const e of eventsSince(t0, 'Killing', 'pod/')) deleted.add(e.object);
    });
    expect(
      [...deleted].every((o) => /^pod\/(orders|payments)\//.test(o)),
      [...deleted].join(', '),
    ).to.equal(true);
    const after = await deploymentsOf(namespaces);
    // A rollout restart cannot be undone (its pods are already replaced): its stamp stays on the template.
    const unstamp = (d: V1Deployment): unknown => comparable(d, { restartStamps: false });
    expect(after.map(unstamp)).to.deep.equal(before.map(unstamp));
  });

  it('istiod-outage: the certificate TTL in the mesh config and istiod scaled to 0; revert restores both', async () => {
    const cms = async (): Promise<unknown[]> =>
      (await core.listNamespacedConfigMap({ namespace: 'istio-system' })).items
        .filter((c) => c.metadata?.name?.startsWith('istio-'))
        .map((o) => comparable(o));
    const before = { d: comparable(await apps.readNamespacedDeployment(ISTIOD)), cms: await cms() };
    await injectAndRevert({ type: 'istiod-outage', certTtlMs: 5 * 60_000 }, async () => {
      expect((await apps.readNamespacedDeployment(ISTIOD)).spec?.replicas).to.equal(0);
      expect((await target.snapshot()).certTtlMs).to.equal(5 * 60_000);
      await waitFor(
        'no istiod pod left',
        async () => (await core.listNamespacedPod({ namespace: 'istio-system', labelSelector: 'app=istiod' })).items.length === 0,
      );
    });
    expect({ d: comparable(await apps.readNamespacedDeployment(ISTIOD)), cms: await cms() }).to.deep.equal(before);
  });

  it('canary-upgrade: istioctl installs revision 1-32 beside 1-31, namespaces move to it (FailedCreate: nothing serves its injector here), the tag is promoted; revert puts everything back', async () => {
    const admission = tb.kubeConfig().makeApiClient(AdmissionregistrationV1Api);
    const state = async (): Promise<unknown> => ({
      deployments: (await deploymentsOf(['istio-system', 'users', 'orders'])).map((d) => comparable(d, { restartStamps: false })),
      namespaces: await Promise.all(['users', 'orders'].map(async (name) => comparable(await core.readNamespace({ name })))),
      stableTag: (await admission.readMutatingWebhookConfiguration({ name: 'istio-revision-tag-stable' })).metadata?.labels?.[
        'istio.io/rev'
      ],
    });
    const before = await state();
    await injectAndRevert(
      {
        type: 'canary-upgrade',
        toRevision: '1-32',
        toVersion: '1.32.0',
        canaryNamespaces: ['users'],
        stages: [{ afterMs: 1000, namespaces: ['orders'] }],
        tag: 'stable',
      },
      async (t0) => {
        expect((await apps.readNamespacedDeployment({ namespace: 'istio-system', name: 'istiod-1-32' })).spec?.replicas).to.equal(1);
        expect((await core.readNamespace({ name: 'users' })).metadata?.labels?.['istio.io/rev']).to.equal('1-32');
        await waitFor(
          'the tag promoted to 1-32',
          async () =>
            (await admission.readMutatingWebhookConfiguration({ name: 'istio-revision-tag-stable' })).metadata?.labels?.['istio.io/rev'] ===
            '1-32',
        );
        await waitFor('FailedCreate from the new injector', () => eventsSince(t0, 'FailedCreate', 'replicaset/users/').length > 0);
        expect(eventsSince(t0, 'FailedCreate', 'replicaset/users/')[0]!.message).to.match(/sidecar-injector\.istio\.io/);
      },
    );
    expect(await state()).to.deep.equal(before);
    expect((await apps.listNamespacedDeployment({ namespace: 'istio-system' })).items.map((d) => d.metadata?.name)).to.not.include(
      'istiod-1-32',
    );
    await waitAvailable(tb.kubeConfig(), DEMO);
  });

  it('inplace-upgrade: the istiod of the serving revision moves to the new version in place; revert moves it back', async () => {
    const state = async (): Promise<unknown> => (await deploymentsOf(['istio-system'])).map((d) => comparable(d));
    const before = await state();
    const image = async (): Promise<string | undefined> =>
      (await apps.readNamespacedDeployment(ISTIOD)).spec?.template.spec?.containers.find((c) => c.name === 'discovery')?.image;
    const old = await image();
    await injectAndRevert({ type: 'inplace-upgrade', toVersion: '1.32.0' }, async () => {
      expect(await image()).to.match(/:1\.32\.0$/);
    });
    expect(await image()).to.equal(old);
    expect(await state()).to.deep.equal(before);
  });

  it('sidecar-starvation: the sidecar resource annotations on every workload of the namespaces; revert removes them', async () => {
    const before = comparableAll(await deploymentsOf(['users']));
    await injectAndRevert(
      { type: 'sidecar-starvation', namespaces: ['users'], cpuLimitMilli: 50, memoryLimitBytes: 64 * 2 ** 20 },
      async () => {
        const d = await apps.readNamespacedDeployment({ namespace: 'users', name: 'profile' });
        expect(d.spec?.template.metadata?.annotations).to.include({
          'sidecar.istio.io/proxyCPULimit': '50m',
          'sidecar.istio.io/proxyMemoryLimit': '64Mi',
        });
      },
    );
    expect(comparableAll(await deploymentsOf(['users']))).to.deep.equal(before);
  });

  it('access-log-flood is refused on a cluster before anything changes (per-workload access logs need the Telemetry API)', async () => {
    const before = comparableAll(await deploymentsOf(['frontend']));
    const h = faultHarness(target, 'access-log-flood');
    let err: unknown;
    try {
      await faultFor('access-log-flood').inject(
        { type: 'access-log-flood', namespaces: ['frontend'], encoding: 'JSON', componentLogLevel: 'warning' } as never,
        h.ctx,
      );
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TargetError);
    expect(comparableAll(await deploymentsOf(['frontend']))).to.deep.equal(before);
  });

  it('image-cache-evict operations are refused by the adapter: the API gives no access to node image caches', async () => {
    let err: unknown;
    try {
      await target.apply({ op: 'evict-image', image: 'docker.io/istio/pilot:1.30.0' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(TargetError);
    expect(String(err)).to.match(/kind/);
  });

  it('an image the registry cannot serve: ErrImagePull, then BackOff on the event stream; set-image reverted', async () => {
    const w = { namespace: 'frontend', name: 'frontend' };
    const before = comparable(await apps.readNamespacedDeployment(w));
    const undo = await target.inverse({
      op: 'set-image',
      workload: w,
      container: 'frontend',
      image: 'registry.gameday.invalid/frontend:v2',
    });
    const t0 = Date.now();
    await target.apply({ op: 'set-image', workload: w, container: 'frontend', image: 'registry.gameday.invalid/frontend:v2' });
    await waitFor(
      'ErrImagePull (Warning) and BackOff on the stream',
      () => eventsSince(t0, 'Failed', 'pod/frontend/').length > 0 && eventsSince(t0, 'BackOff', 'pod/frontend/').length > 0,
    );
    expect(eventsSince(t0, 'ErrImagePull', 'pod/frontend/').length).to.be.greaterThan(0);
    await target.apply(undo!);
    expect(comparable(await apps.readNamespacedDeployment(w))).to.deep.equal(before);
  });
});
