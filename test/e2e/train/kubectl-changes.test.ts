/**
 * A training session on a cluster (the testbed control plane) where the
 * trainee mitigates with their own client, as `kubectl` would, instead of
 * `train act`: a scale, a pod deleted, the fault's AuthorizationPolicy
 * deleted. Each is on the session's timeline and in result.json's training
 * block as the trainee's action, at the time it was made, with what changed;
 * what the harness wrote itself (the injected policy, its revert) and what
 * the controllers did in answer (the ReplicaSet removing a surplus pod,
 * replacing a deleted one) is not. The harness still reverts what it
 * injected. The test's ingress always answers 200 and no mesh alert can fire
 * here (see test/e2e/kube/cluster-run.test.ts): only the actions are judged.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { applyDemo, DEMO } from '../../support/kube-demo.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';
import { testbedRunFlags } from '../../support/testbed-run-flags.js';
import { cli, program, resultOf, startDenyPolicySession, timelineOf, trainingOf, waitFor } from './support.js';
import type { TimelineEvent } from '../../../src/timeline.js';

// No Istio is installed on this testbed: the demo's namespaces are all the session may change.
const NAMESPACES = DEMO.map((w) => w.namespace);
const POLICY = {
  group: 'security.istio.io',
  version: 'v1',
  plural: 'authorizationpolicies',
  namespace: 'payments',
  name: 'payments-lockdown',
};

type Action = Extract<TimelineEvent, { kind: 'action' }>;

describe('e2e: the trainee’s own changes on a cluster during a training session', function () {
  this.timeout(4 * 60_000);
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-train-kubectl-'));
  const results = join(tmp, 'results');
  let tb: Testbed;
  let ingress: Server;
  let start: ReturnType<typeof program>;
  let dir: string;
  const made: { sent: number; action: string }[] = [];

  before(async () => {
    tb = await startTestbed();
    await applyDemo(tb.kubeConfig());
    ingress = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'));
    await new Promise<void>((r) => ingress.listen(0, '127.0.0.1', r));
    const ingressUrl = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
    ({ start, dir } = await startDenyPolicySession(
      'lee',
      results,
      testbedRunFlags({ context: tb.context, kubeconfigPath: tb.kubeconfigPath, namespaces: NAMESPACES, ingressUrl }),
    ));
  });

  after(async () => {
    if (start?.child.exitCode === null) {
      start.child.kill('SIGTERM');
      await start.exited;
    }
    if (ingress) await new Promise((r) => ingress.close(r));
    await tb?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const traineeActions = (): Action[] => timelineOf(dir).filter((e): e is Action => e.kind === 'action' && e.by === 'trainee');

  /** Makes a change as the trainee and waits for the session to record it. */
  async function asTrainee(change: () => Promise<unknown>, action: string): Promise<Action> {
    const sent = Date.now();
    await change();
    made.push({ sent, action });
    return waitFor(`"${action}" on the timeline`, 15_000, () => traineeActions().find((a) => a.action === action));
  }

  it('records each change with what changed, when it was made, and who made it', async () => {
    await waitFor('the fault to go in', 90_000, () => timelineOf(dir).some((e) => e.kind === 'fault.inject'));
    const kc = tb.kubeConfig();
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    // The injected policy is there, and the harness's own write of it is no trainee action.
    expect(await custom.getNamespacedCustomObject(POLICY)).to.have.nested.property('spec.action', 'DENY');
    expect(traineeActions()).to.deep.equal([]);

    // `kubectl scale`: the scale subresource, as kubectl's own field manager.
    await asTrainee(
      () =>
        apps.patchNamespacedDeploymentScale(
          { namespace: 'payments', name: 'payments-api', body: { spec: { replicas: 1 } }, fieldManager: 'kubectl-scale' },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      'deployment payments/payments-api: replicas 2 → 1 (kubectl-scale)',
    );
    const pod = (await core.listNamespacedPod({ namespace: 'orders' })).items.find((p) => !p.metadata?.deletionTimestamp)!;
    await asTrainee(
      () => core.deleteNamespacedPod({ namespace: 'orders', name: pod.metadata!.name! }),
      `pod orders/${pod.metadata!.name} deleted (unknown client)`,
    );
    await asTrainee(
      () => custom.deleteNamespacedCustomObject(POLICY),
      'authorizationpolicy payments/payments-lockdown deleted (unknown client)',
    );

    const recorded = traineeActions();
    for (const m of made) {
      const a = recorded.find((r) => r.action === m.action)!;
      // Seen by the informer within moments of the write, never before it.
      expect(a.at - m.sent, m.action).to.be.within(0, 5_000);
    }
    expect((await cli(['train', 'end', '--session', dir])).code).to.equal(0);
  });

  it('puts exactly those in the training block, scores them, and still reverts what it injected', async () => {
    expect(await start.exited).to.equal(0);
    const r = resultOf(dir);
    expect(r.reverts.ok).to.equal(true);
    // Not one more: not the harness's create and revert of the policy, not the ReplicaSets' answers.
    const acts = r.training!.events.filter((e) => e.kind === 'act');
    expect(acts.map((a) => a.action)).to.deep.equal(made.map((m) => m.action));
    expect(acts.map((a) => a.via)).to.deep.equal(['kubectl-scale', 'unknown client', 'unknown client']);
    expect(trainingOf(dir).filter((e) => e.kind === 'act')).to.deep.equal(acts);
    expect(traineeActions().map((a) => a.action)).to.deep.equal(made.map((m) => m.action));
    const inject = timelineOf(dir).find((e) => e.kind === 'fault.inject')!;
    expect(r.training!.score.timeToMitigateMs).to.equal(acts[0]!.at - inject.at);
    // The debrief page lists each of them beside the expert's line.
    const debrief = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const m of made) expect(debrief, m.action).to.include(m.action);
    // The policy the trainee deleted stays deleted: the revert of the injection tolerated its absence.
    const gone = await tb
      .kubeConfig()
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject(POLICY)
      .then(
        () => false,
        (err: { code?: number }) => err.code === 404,
      );
    expect(gone).to.equal(true);
  });
});
