/**
 * The CLI against an existing cluster (the testbed): the guard refuses an
 * unlisted context, an unlisted or unlabelled namespace and node-level faults
 * with nothing changed; `plan --target cluster` prints the operations the
 * faults then perform; a process killed with SIGKILL mid-fault leaves a
 * journal that `gameday rollback` replays until the cluster is as before.
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { faultFor } from '../../../src/faults/registry.js';
import { silentLogger } from '../../../src/log.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { projectRoot } from '../../../src/project-root.js';
import { GAMEDAY_NAMESPACE_LABEL } from '../../../src/run/guard.js';
import { readJournal } from '../../../src/run/journal.js';
import { loadScenario } from '../../../src/scenario/index.js';
import { KubeTarget } from '../../../src/targets/kube/kube-target.js';
import { describeOperation } from '../../../src/targets/operations.js';
import { applyDemo, comparable, DEMO } from '../../support/kube-demo.js';
import { faultHarness } from '../../support/kube-fault-context.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';
import { runCli } from '../../unit/cli/run-cli.js';

const REVISION = '1-31';
const NAMESPACES = ['istio-system', ...DEMO.map((w) => w.namespace)];

describe('gameday against an existing cluster: guard, plan, rollback after SIGKILL', function () {
  this.timeout(240_000);
  let tb: Testbed;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  before(async () => {
    tb = await startTestbed({ istio: { revision: REVISION, tags: ['stable'] } });
    const kc = tb.kubeConfig();
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    await applyDemo(kc, { labelIstioSystem: true });
    process.env.GAMEDAY_ISTIOCTL = tb.istioctl;
  });

  after(async () => {
    await tb?.stop();
    delete process.env.GAMEDAY_ISTIOCTL;
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
  });

  /** Everything a refused run could have touched: the demo Deployments, istiod, policies, namespaces. */
  async function world(): Promise<unknown> {
    const out: unknown[] = [];
    for (const namespace of NAMESPACES) {
      out.push(...(await apps.listNamespacedDeployment({ namespace })).items.map((o) => comparable(o)));
      out.push(
        ...(
          (await custom.listNamespacedCustomObject({
            group: 'security.istio.io',
            version: 'v1',
            plural: 'authorizationpolicies',
            namespace,
          })) as { items: object[] }
        ).items.map((o) => comparable(o)),
      );
      out.push(comparable(await core.readNamespace({ name: namespace })));
    }
    return out;
  }

  const cluster = (scenario: string, ...extra: string[]): string[] => [
    'run',
    scenario,
    '--target',
    'cluster',
    '--context',
    tb.context,
    '--kubeconfig',
    tb.kubeconfigPath,
    '--allow-context',
    tb.context,
    ...extra,
  ];

  it('refuses a context that is not on the allow list, with nothing changed', async () => {
    const before = await world();
    const r = await runCli(
      'run',
      'scenarios/deny-policy.yaml',
      '--target',
      'cluster',
      '--context',
      tb.context,
      '--kubeconfig',
      tb.kubeconfigPath,
      '--allow-context',
      'staging',
    );
    expect(r.code, r.err).to.equal(2);
    expect(r.err).to.contain(`context "${tb.context}" is not allowed`);
    expect(await world()).to.deep.equal(before);
  });

  it('refuses a namespace that is not on the namespace allow list, with nothing changed', async () => {
    const before = await world();
    const r = await runCli(...cluster('scenarios/deny-policy.yaml', '--allow-namespace', 'orders'));
    expect(r.code, r.err).to.equal(2);
    expect(r.err).to.contain('namespace "payments" is not allowed');
    expect(await world()).to.deep.equal(before);
  });

  it('refuses an allowed namespace that is not labelled for GameDays, with nothing changed', async () => {
    const unlabel = (v: string | null): Promise<unknown> =>
      core.patchNamespace(
        { name: 'payments', body: { metadata: { labels: { [GAMEDAY_NAMESPACE_LABEL]: v } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await unlabel(null);
    try {
      const before = await world();
      const r = await runCli(...cluster('scenarios/deny-policy.yaml', '--allow-namespace', 'payments'));
      expect(r.code, r.err).to.equal(2);
      expect(r.err).to.contain(`kubectl label namespace payments ${GAMEDAY_NAMESPACE_LABEL}=true`);
      expect(await world()).to.deep.equal(before);
    } finally {
      await unlabel('true');
    }
  });

  it('refuses evict-image on an existing cluster (no node access), with nothing changed', async () => {
    const before = await world();
    const r = await runCli(...cluster('scenarios/image-cache-evict.yaml', ...NAMESPACES.flatMap((n) => ['--allow-namespace', n])));
    expect(r.code, r.err).to.equal(2);
    expect(r.err).to.match(/no access to its nodes/);
    expect(await world()).to.deep.equal(before);
  });

  it('plan --target cluster prints exactly the operations the faults then perform, in order', async () => {
    for (const scenario of ['scenarios/istiod-oom.yaml', 'scenarios/deny-policy.yaml']) {
      const r = await runCli(
        'plan',
        scenario,
        '--json',
        '--target',
        'cluster',
        '--context',
        tb.context,
        '--kubeconfig',
        tb.kubeconfigPath,
        ...NAMESPACES.flatMap((n) => ['--allow-namespace', n]),
      );
      expect(r.code, r.err).to.equal(0);
      const plan = JSON.parse(r.out) as { target: string; faults: { type: string; steps: { description: string }[] }[] };
      expect(plan.target).to.equal('cluster');
      const fault = plan.faults[0]!;
      const s = await loadScenario(join(projectRoot(), scenario), { projectRoot: projectRoot() });
      const target = new KubeTarget({
        kind: 'cluster',
        context: tb.context,
        kubeconfigPath: tb.kubeconfigPath,
        namespaces: NAMESPACES,
        clock: new WallClock(),
        log: silentLogger(),
        ingressUrl: 'http://127.0.0.1:9',
      });
      const h = faultHarness(target, fault.type);
      const f = faultFor(s.spec.faults[0]!.type);
      await f.inject(s.spec.faults[0]!.params as never, h.ctx);
      h.stop();
      await f.revert(s.spec.faults[0]!.params as never, h.ctx);
      const done = readJournal(h.journalFile)
        .entries.filter((e) => e.fault === fault.type)
        .map((e) => describeOperation(e.op));
      const injected = done.slice(0, fault.steps.length);
      expect(injected.length, scenario).to.equal(fault.steps.length);
      fault.steps.forEach((st, i) => expect(st.description.startsWith(injected[i]!), `${st.description} vs ${injected[i]}`).to.equal(true));
    }
  });

  it('after the run process is killed with SIGKILL mid-fault, gameday rollback restores every object it touched', async () => {
    const istiod = { namespace: 'istio-system', name: `istiod-${REVISION}` };
    const before = { istiod: comparable(await apps.readNamespacedDeployment(istiod)) };
    const results = mkdtempSync(join(tmpdir(), 'gameday-sigkill-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(projectRoot(), 'test', 'support', 'kube-inject-child.ts'),
        results,
        tb.kubeconfigPath,
        tb.context,
        NAMESPACES.join(','),
        JSON.stringify({ type: 'istiod-oom', belowWorkingSet: 0.7, extraProxies: 0, extraConfigObjects: 0, strategy: 'Recreate' }),
      ],
      { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const dir = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /injected (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code} before injecting: ${err}`)));
    });
    const changed = await apps.readNamespacedDeployment(istiod);
    expect(changed.spec?.strategy?.type).to.equal('Recreate');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const dry = await runCli('rollback', dir, '--dry-run');
    expect(dry.out).to.match(/would undo: \[istiod-oom\] set memory limit of istio-system\/istiod-1-31 container discovery to none/);
    const r = await runCli('rollback', dir, '--kubeconfig', tb.kubeconfigPath);
    expect(r.code, r.err + r.out).to.equal(0);
    expect(r.out).to.match(/reverted 2, failed 0/);
    expect({ istiod: comparable(await apps.readNamespacedDeployment(istiod)) }).to.deep.equal(before);
    expect((await runCli('rollback', dir)).out).to.match(/nothing to revert/);
    // The run directory holds no credential.
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).to.not.contain(tb.token);
  });
});
