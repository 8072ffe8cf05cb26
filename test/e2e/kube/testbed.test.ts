/**
 * The testbed itself: a real control plane whose fake kubelet behaves the way
 * the faults need — a container over its memory limit is OOMKilled (137) into
 * CrashLoopBackOff, an image from an unreachable registry goes ErrImagePull →
 * ImagePullBackOff, each with the Events a kubelet sends — and that leaves no
 * process behind.
 */
import { AppsV1Api, CoreV1Api, type CoreV1Event, type V1Pod } from '@kubernetes/client-node';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { applyDemo, deploymentOf } from '../../support/kube-demo.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';

/** The annotation the project's pod-oom-kill stage reads (scripts/testbed/stages/pod-oom-kill.yaml). */
const WORKING_SET = 'gameday.istio.io/working-set';

describe('the Kubernetes testbed (etcd, kube-apiserver, controller-manager, scheduler, kwok)', function () {
  this.timeout(180_000);
  let tb: Testbed;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  before(async () => {
    tb = await startTestbed();
    core = tb.kubeConfig().makeApiClient(CoreV1Api);
    apps = tb.kubeConfig().makeApiClient(AppsV1Api);
    await applyDemo(tb.kubeConfig(), { workloads: [{ namespace: 'demo', name: 'web', replicas: 3 }] });
  });

  after(async () => {
    const dir = tb?.dir;
    await tb?.stop();
    expect(
      liveProcesses().filter((p) => /etcd|kube-|kwok/.test(p.name)),
      'testbed processes still running',
    ).to.deep.equal([]);
    if (dir) expect(existsSync(dir), 'testbed directory removed').to.equal(false);
  });

  const events = async (ns: string, pod: string): Promise<CoreV1Event[]> =>
    (await core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${pod}` })).items;

  /** The pod's event reasons once they hold `wanted`, or as they are at the timeout: a stage posts its events apart from the status it patches, so they can trail it. */
  async function reasonsOnceIncluding(ns: string, pod: string, wanted: string[]): Promise<string[]> {
    let reasons: string[] = [];
    await pollUntil(
      async () => {
        reasons = (await events(ns, pod)).map((e) => e.reason ?? '');
        return wanted.every((r) => reasons.includes(r));
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    return reasons;
  }

  async function podOf(ns: string, app: string, ready: (p: V1Pod) => boolean): Promise<V1Pod> {
    let found: V1Pod | undefined;
    const ok = await pollUntil(
      async () => {
        found = (await core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items.find(
          (p) => !p.metadata?.deletionTimestamp && ready(p),
        );
        return found !== undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(ok, `no pod of ${ns}/${app} in the expected state`).to.equal(true);
    return found!;
  }

  it('schedules a Deployment onto the fake nodes and runs its pods', async () => {
    const nodes = (await core.listNode()).items;
    expect(nodes).to.have.length(3);
    const pods = (await core.listNamespacedPod({ namespace: 'demo' })).items;
    expect(pods).to.have.length(3);
    for (const p of pods) {
      expect(p.status?.phase).to.equal('Running');
      expect(nodes.map((n) => n.metadata?.name)).to.include(p.spec?.nodeName);
    }
  });

  it('OOMKills a container whose memory limit is below its declared working set, into CrashLoopBackOff with BackOff events; one within its limit keeps running', async () => {
    const hungry = deploymentOf({ namespace: 'demo', name: 'hungry', replicas: 1 });
    hungry.spec!.template.metadata!.annotations = { [WORKING_SET]: '300Mi' };
    hungry.spec!.template.spec!.containers[0]!.resources = { limits: { memory: '200Mi' } };
    const fits = deploymentOf({ namespace: 'demo', name: 'fits', replicas: 1 });
    fits.spec!.template.metadata!.annotations = { [WORKING_SET]: '100Mi' };
    fits.spec!.template.spec!.containers[0]!.resources = { limits: { memory: '200Mi' } };
    await apps.createNamespacedDeployment({ namespace: 'demo', body: fits });
    await apps.createNamespacedDeployment({ namespace: 'demo', body: hungry });
    const pod = await podOf('demo', 'hungry', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2);
    const c = pod.status!.containerStatuses![0]!;
    expect(c.lastState?.terminated?.reason).to.equal('OOMKilled');
    expect(c.lastState?.terminated?.exitCode).to.equal(137);
    const reasons = await reasonsOnceIncluding('demo', pod.metadata!.name!, ['BackOff']);
    expect(reasons).to.include('BackOff');
    // Two OOM cycles of its neighbour later, the one within its limit is still on its first start.
    const ok = await podOf('demo', 'fits', (p) => p.status?.phase === 'Running');
    expect(ok.status?.containerStatuses?.[0]?.restartCount).to.equal(0);
    expect(ok.status?.containerStatuses?.[0]?.state?.running).to.not.equal(undefined);
  });

  it('fails a pull from an unreachable registry: ErrImagePull, then ImagePullBackOff, with Failed and BackOff events', async () => {
    const d = deploymentOf({ namespace: 'demo', name: 'unpullable', replicas: 1 });
    d.spec!.template.spec!.containers[0]!.image = 'registry.gameday.invalid/istio/pilot:1.30.0';
    await apps.createNamespacedDeployment({ namespace: 'demo', body: d });
    const pod = await podOf('demo', 'unpullable', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff');
    expect(pod.status?.phase).to.equal('Pending');
    const reasons = await reasonsOnceIncluding('demo', pod.metadata!.name!, ['Failed', 'BackOff']);
    expect(reasons).to.include.members(['Failed', 'BackOff']);
  });
});
