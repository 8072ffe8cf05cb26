/**
 * Whole GameDays with `gameday run --target cluster` against the testbed:
 * deny-policy, pod-churn and istiod-oom, each to result.json, the reports and
 * a verdict, with every fault reverted.
 *
 * What this control plane can and cannot show: kwok's pods run no process, so
 * nothing serves requests, exposes Envoy or istiod metrics, or runs
 * kube-state-metrics. The ingress here is a loopback HTTP responder owned by
 * the test (standing where the ingress gateway's address would be), so the
 * load engine has something to measure: it answers 200 whatever the mesh does,
 * and the run cannot see user impact. None of the mesh alerts (MeshRbacDenied,
 * ProxiesStale, IstiodOOMKilled — which reads kube-state-metrics) can fire:
 * their series do not exist here. The honest outcome is a detection gap (or
 * "unavailable"), never a fabricated detection — which is what is asserted,
 * together with the Kubernetes events the runs recorded.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppsV1Api } from '@kubernetes/client-node';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { projectRoot } from '../../../src/project-root.js';
import { applyDemo, comparable, DEMO } from '../../support/kube-demo.js';
import { kubeconfigWithClientKey, type SecretKubeconfig } from '../../support/kube-secrets.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';
import { testbedRunFlags } from '../../support/testbed-run-flags.js';
import { runCli, type CliResult } from '../../unit/cli/run-cli.js';

const NAMESPACES = ['istio-system', ...DEMO.map((w) => w.namespace)];

/** Every file a run wrote under its run directory (results, journal, reports, the observers' data and logs). */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('gameday run --target cluster on the testbed (deny-policy, pod-churn, istiod-oom)', function () {
  this.timeout(15 * 60_000);
  let tb: Testbed;
  let ingress: Server;
  let ingressUrl: string;
  const runs = new Map<string, CliResult>();
  const results = mkdtempSync(join(tmpdir(), 'gameday-cluster-run-'));
  let initial: unknown;
  let apps: AppsV1Api;
  let argv: (scenario: string, into?: string) => string[];
  // The runs use a kubeconfig with a bearer token and a client key: neither may reach anything they write.
  let secret: SecretKubeconfig;

  const deployments = async (): Promise<unknown> =>
    (await Promise.all(NAMESPACES.map(async (namespace) => (await apps.listNamespacedDeployment({ namespace })).items)))
      .flat()
      .map((d) => comparable(d, { restartStamps: false }));

  before(async function () {
    tb = await startTestbed({ istio: { revision: '1-31', tags: ['stable'] } });
    apps = tb.kubeConfig().makeApiClient(AppsV1Api);
    await applyDemo(tb.kubeConfig(), { labelIstioSystem: true });
    process.env.GAMEDAY_ISTIOCTL = tb.istioctl;
    ingress = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'));
    await new Promise<void>((r) => ingress.listen(0, '127.0.0.1', r));
    ingressUrl = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
    initial = await deployments();
    secret = await kubeconfigWithClientKey(tb, mkdtempSync(join(tmpdir(), 'gameday-secret-kubeconfig-')));
    argv = (scenario: string, into = results): string[] => [
      'run',
      `scenarios/${scenario}.yaml`,
      ...testbedRunFlags({ context: tb.context, kubeconfigPath: secret.path, namespaces: NAMESPACES, ingressUrl }),
      '--results',
      into,
    ];
    // The three at once: Prometheus' `for` and the scenarios' windows are wall time.
    const names = ['deny-policy', 'pod-churn', 'istiod-oom'];
    const done = await Promise.all(names.map((n) => runCli(...argv(n))));
    names.forEach((n, i) => runs.set(n, done[i]!));
    // A machine without the load engine cannot run a GameDay at all (`gameday doctor` says what to install).
    const missing = done.find((r) => r.code === 3 && / not found: /.test(r.err) && !/istioctl/.test(r.err));
    if (missing && done.every((r) => r.code === 3)) {
      console.log(`      (skipped: ${missing.err.split('\n').find((l) => / not found: /.test(l))})`);
      this.skip();
    }
  });

  after(async () => {
    await new Promise((r) => ingress?.close(r));
    await tb?.stop();
    delete process.env.GAMEDAY_ISTIOCTL;
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
  });

  const runDir = (name: string): string => {
    const dir = readdirSync(results).find((d) => d.endsWith(`-${name}`));
    expect(dir, `no run directory for ${name} in ${results}: ${runs.get(name)?.err}`).to.not.equal(undefined);
    return join(results, dir!);
  };

  for (const name of ['deny-policy', 'pod-churn', 'istiod-oom']) {
    it(`${name}: result.json, the reports and a verdict; detection honest about what this cluster exposes`, () => {
      const r = runs.get(name)!;
      expect([0, 1], `${name}: exit ${r.code}\n${r.err}`).to.include(r.code);
      const dir = runDir(name);
      for (const f of ['result.json', 'report.md', 'report.html', 'junit.xml', 'timeline.jsonl', 'journal.jsonl'])
        expect(existsSync(join(dir, f)), f).to.equal(true);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
        target: { kind: string; context?: string };
        verdict: string;
        exitCode: number;
        detection: { status: string };
      };
      expect(result.target).to.deep.equal({ kind: 'cluster', context: tb.context });
      expect(result.verdict).to.be.a('string').and.not.equal('');
      expect(result.exitCode).to.equal(r.code);
      // The fault was injected, but no mesh series exist here and the test's ingress always answers:
      // no expected alert can fire, and the run says so — a gap, or no observable impact — never "detected".
      expect(['gap', 'unavailable', 'no-impact']).to.include(result.detection.status);
      // Neither its output nor any file it wrote holds a credential of the cluster (the token, the client key).
      // The needles are real: each is in the kubeconfig the run was given (the PEM lines inside its base64 key).
      const given = readFileSync(secret.path, 'utf8');
      const key = Buffer.from(/client-key-data: (\S+)/.exec(given)![1]!, 'base64').toString();
      expect(secret.secrets.filter((s) => !given.includes(s) && !key.includes(s))).to.deep.equal([]);
      const written = filesUnder(dir);
      expect(written.length).to.be.greaterThan(5);
      const places: [string, string][] = [
        ['stdout', r.out],
        ['stderr', r.err],
        ...written.map((f): [string, string] => [f, readFileSync(f, 'latin1')]),
      ];
      const found = places.flatMap(([where, text]) =>
        secret.secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 8)}…`),
      );
      expect(found, 'secrets found').to.deep.equal([]);
    });
  }

  it('the runs recorded the Kubernetes events of their faults on the timeline', () => {
    const timeline = (name: string): { kind: string; reason?: string; object?: string }[] =>
      readFileSync(join(runDir(name), 'timeline.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; reason?: string; object?: string });
    expect(
      timeline('istiod-oom').some(
        (e) => e.kind === 'target' && e.reason === 'OOMKilled' && e.object?.startsWith('pod/istio-system/istiod-'),
      ),
    ).to.equal(true);
    expect(timeline('pod-churn').some((e) => e.kind === 'target' && e.reason === 'Killing')).to.equal(true);
  });

  it("every fault was reverted: the Deployments are as before the runs (but for the stamps of pod-churn's rollout restarts)", async () => {
    expect(await deployments()).to.deep.equal(initial);
  });

  it('a gameday run killed with SIGKILL mid-fault: gameday rollback puts istiod back as it was', async function () {
    this.timeout(5 * 60_000);
    const istiod = { namespace: 'istio-system', name: 'istiod-1-31' };
    const before = comparable(await apps.readNamespacedDeployment(istiod));
    const killed = mkdtempSync(join(tmpdir(), 'gameday-sigkill-run-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot(), 'src', 'cli', 'main.ts'), ...argv('istiod-oom', killed)],
      {
        cwd: projectRoot(),
        stdio: 'ignore',
      },
    );
    const exited = new Promise((r) => child.once('exit', r));
    const journal = (): string | undefined => {
      const d = readdirSync(killed).find((x) => x.endsWith('-istiod-oom'));
      return d && existsSync(join(killed, d, 'journal.jsonl')) ? join(killed, d, 'journal.jsonl') : undefined;
    };
    // Killed once the fault's first mutation is confirmed (an `applied` line), while the fault is on.
    const injected = await pollUntil(async () => /"kind":"applied"/.test(readFileSync(journal() ?? '/dev/null', 'utf8')), {
      timeoutMs: 180_000,
      intervalMs: 200,
    });
    child.kill('SIGKILL');
    await exited;
    expect(injected, 'the run never injected').to.equal(true);
    expect((await apps.readNamespacedDeployment(istiod)).spec?.strategy?.type).to.equal('Recreate');
    // `gameday rollback` also stops what the killed run left running (Prometheus, Alertmanager, the load engine).
    const r = await runCli('rollback', dirname(journal()!), '--kubeconfig', tb.kubeconfigPath);
    expect(r.code, r.err + r.out).to.equal(0);
    expect(comparable(await apps.readNamespacedDeployment(istiod))).to.deep.equal(before);
  });
});
