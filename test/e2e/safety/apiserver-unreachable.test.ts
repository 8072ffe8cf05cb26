/**
 * The API server unreachable for 10 s, twice, in a cluster GameDay. The
 * run's kubeconfig points at a loopback TCP relay in front of the testbed's
 * API server (test/support/cut-proxy.ts; TLS stays end to end); the test cuts
 * it for 10 s when the inject phase begins (the fault is due 1 s later), and
 * again as soon as the fault's first mutation is confirmed, so the fault's
 * revert (its `duration` ends 4 s after injection) falls inside the second
 * outage — while the harness can read nothing, and neither can the Prometheus
 * it scrapes the cluster with. What must hold: the injection and the revert are
 * tried again with backoff until the server answers; the policy ends gone; the
 * journal ends with every entry undone; result.json names both spans; and the
 * run is never judged recovered inside one (the testbed's ingress always
 * answers 200, so without that rule "no impact, recovered" would end the run
 * mid-outage).
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { pendingUndos, readJournal } from '../../../src/run/journal.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { startCutProxy, type CutProxy } from '../../support/cut-proxy.js';
import { applyDemo, comparable, DEMO } from '../../support/kube-demo.js';
import { startTestbed, type Testbed } from '../../support/testbed.js';
import { testbedRunFlags } from '../../support/testbed-run-flags.js';
import { runCli, type CliResult } from '../../unit/cli/run-cli.js';

const OUTAGE_MS = 10_000;

interface LogLine {
  event?: string;
  what?: string;
  time?: string;
  operation?: string;
}
const at = (l: LogLine): number => Date.parse(l.time ?? '');
const NAMESPACES = [...new Set(DEMO.map((w) => w.namespace))];
const AUTHZ = { group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies' };

const SCENARIO = `apiVersion: gameday.istio.io/v1
kind: Scenario
metadata:
  name: deny-policy-outage
spec:
  load: { rate: 20, duration: 5m }
  steadyState: { successRate: 99%, p99: 250ms, window: 3s, timeout: 1m }
  faults:
    - type: deny-policy
      at: 1s
      duration: 4s
      params:
        namespace: payments
        name: payments-lockdown
        mode: enforce
        rules:
          - from:
              - source:
                  notPrincipals: [cluster.local/ns/orders/sa/orders-sa]
  detection:
    expect: [MeshRbacDenied]
    deadline: 5s
  recovery:
    deadline: 1m
  objectives: { ttd: 1m, ttr: 2m }
  abort: { maxRunTime: 3m }
`;

describe('e2e: the API server unreachable for 10 s, twice, during a cluster GameDay', function () {
  this.timeout(240_000);
  let tb: Testbed;
  let proxy: CutProxy;
  let ingress: Server;
  let custom: CustomObjectsApi;
  let run: CliResult;
  let runDir: string;
  let initial: unknown;
  let cutAt = 0;
  let restoredAt = 0;
  let cutLate = false;
  const injectCut = { at: 0, restoredAt: 0, early: false };

  const policies = async (): Promise<unknown> =>
    (
      await Promise.all(
        NAMESPACES.map(
          async (namespace) => ((await custom.listNamespacedCustomObject({ ...AUTHZ, namespace })) as { items: object[] }).items,
        ),
      )
    )
      .flat()
      .map((p) => comparable(p));

  before(async function () {
    this.timeout(240_000);
    tb = await startTestbed();
    await applyDemo(tb.kubeConfig());
    custom = tb.kubeConfig().makeApiClient(CustomObjectsApi);
    initial = await policies();
    const api = new URL(tb.apiServerUrl);
    proxy = await startCutProxy({ host: api.hostname, port: Number(api.port) });
    // The run's kubeconfig: the testbed's, its server moved to the relay.
    const kc = new KubeConfig();
    kc.loadFromFile(tb.kubeconfigPath);
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'gameday-outage-kubeconfig-')), 'kubeconfig');
    const relayed = JSON.parse(kc.exportConfig()) as { clusters: { cluster: { server: string } }[] };
    for (const c of relayed.clusters) c.cluster.server = `https://127.0.0.1:${proxy.port}`;
    writeFileSync(kubeconfig, JSON.stringify(relayed), { mode: 0o600 });
    ingress = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'));
    await new Promise<void>((r) => ingress.listen(0, '127.0.0.1', r));
    const scenarioDir = mkdtempSync(join(tmpdir(), 'gameday-outage-scenario-'));
    writeFileSync(join(scenarioDir, 'deny-policy-outage.yaml'), SCENARIO);
    const results = mkdtempSync(join(tmpdir(), 'gameday-outage-results-'));

    const running = runCli(
      'run',
      join(scenarioDir, 'deny-policy-outage.yaml'),
      ...testbedRunFlags({
        context: tb.context,
        kubeconfigPath: kubeconfig,
        namespaces: NAMESPACES,
        ingressUrl: `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`,
      }),
      '--results',
      results,
      '--log-format',
      'json',
    );
    let settled = false;
    void running.finally(() => (settled = true));
    const inRun = (file: string): string => {
      const d = existsSync(results) ? readdirSync(results).find((x) => x.endsWith('-deny-policy-outage')) : undefined;
      return d && existsSync(join(results, d, file)) ? join(results, d, file) : '/dev/null';
    };
    const journal = (): string => inRun('journal.jsonl');
    // First outage: from the start of the inject phase (the fault is due 1 s later) for 10 s.
    const injecting = await pollUntil(async () => settled || /"phase":"inject"/.test(readFileSync(inRun('timeline.jsonl'), 'utf8')), {
      timeoutMs: 150_000,
      intervalMs: 50,
    });
    if (injecting && !settled) {
      proxy.cut();
      injectCut.at = Date.now();
      injectCut.early = !/"kind":"intent"/.test(readFileSync(journal(), 'utf8'));
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      proxy.restore();
      injectCut.restoredAt = Date.now();
    }
    // Second outage: from the moment the fault's first mutation is confirmed (its `applied` line).
    const injected = await pollUntil(
      async () => settled || (existsSync(journal()) && /"kind":"applied"/.test(readFileSync(journal(), 'utf8'))),
      {
        timeoutMs: 150_000,
        intervalMs: 50,
      },
    );
    if (injected && !settled) {
      proxy.cut();
      cutAt = Date.now();
      // The fault's revert is due 4 s after injection: it must not have happened before the cut.
      cutLate = /"kind":"reverted"/.test(readFileSync(journal(), 'utf8'));
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      proxy.restore();
      restoredAt = Date.now();
    }
    run = await running;
    runDir = join(
      results,
      readdirSync(results).find((x) => x.endsWith('-deny-policy-outage'))!,
    );
  });

  after(async () => {
    proxy?.restore();
    await new Promise((r) => ingress?.close(r));
    await proxy?.stop();
    await tb?.stop();
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
  });

  it('the injection waited out the first outage: tried again until the server answered', () => {
    expect(injectCut.at, `the run never reached injection:\n${run.err.slice(-3000)}`).to.be.greaterThan(0);
    expect(injectCut.early, 'the injection began before the cut').to.equal(true);
    const lines = logLines();
    const retries = lines.filter((l) => l.event === 'kube.retry' && at(l) >= injectCut.at && at(l) <= injectCut.restoredAt + 1000);
    expect(retries.length, 'kube.retry lines during the first outage').to.be.at.least(1);
    const injected = lines.find((l) => l.event === 'fault.inject');
    expect(injected, 'fault.inject').to.not.equal(undefined);
    expect(at(injected!)).to.be.at.least(injectCut.restoredAt - 50);
  });

  it('the fault was injected before the second cut and the run went on through the outage', () => {
    expect(cutAt, `the run never injected:\n${run.err.slice(-3000)}`).to.be.greaterThan(0);
    expect(cutLate, 'the revert landed before the cut').to.equal(false);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as { exitCode: number; verdict: string; errors: string[] };
    expect(result.exitCode).to.equal(run.code);
    // The outage began inside the detection window: whether the expected alert would have fired is
    // unknown, and a run that could not judge its objectives exits 3 saying why — nothing else failed.
    if (run.code === 3) {
      expect(result.verdict).to.equal('error');
      expect(result.errors.length, result.errors.join('; ')).to.be.greaterThan(0);
      for (const e of result.errors) expect(e).to.match(/the API server was unreachable/);
    } else expect([0, 1], `exit ${run.code}\n${run.err.slice(-3000)}`).to.include(run.code);
  });

  it('the revert was tried again with backoff while the server did not answer (the log says so)', () => {
    const lines = logLines();
    const retries = lines.filter((l) => l.event === 'kube.retry' && at(l) >= cutAt);
    expect(retries.length, 'kube.retry lines').to.be.at.least(1);
    expect(retries.every((l) => at(l) >= cutAt && at(l) <= restoredAt + 1000)).to.equal(true);
    expect(retries.some((l) => /delete AuthorizationPolicy payments\/payments-lockdown/.test(l.what ?? ''))).to.equal(true);
    // The undo went through once the server answered again, not before.
    const undone = lines.find((l) => l.event === 'revert.step' && /payments-lockdown/.test(l.operation ?? ''));
    expect(undone, 'revert.step').to.not.equal(undefined);
    expect(at(undone!)).to.be.at.least(restoredAt - 50);
    expect(lines.some((l) => l.event === 'kube.unreachable')).to.equal(true);
    expect(lines.some((l) => l.event === 'kube.reachable')).to.equal(true);
  });

  /** The run's JSON log lines (stderr). */
  const logLines = (): LogLine[] =>
    run.err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);

  it('the cluster is as before: the policy is gone and nothing else changed', async () => {
    expect(await policies()).to.deep.equal(initial);
  });

  it('the journal ends consistent: every entry undone', () => {
    const j = readJournal(join(runDir, 'journal.jsonl'));
    expect(j.entries.length).to.be.greaterThan(0);
    expect(j.entries.map((e) => e.status)).to.deep.equal(j.entries.map(() => 'reverted'));
    expect(pendingUndos(j)).to.deep.equal([]);
  });

  it('result.json names the span, and no recovery was judged inside it', () => {
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as {
      reverts: { ok: boolean };
      recovery: { recoveredAtMs: number | null };
      observerGaps: { component: string; from: number; to: number; reason: string }[];
      endedAtMs: number;
    };
    expect(result.reverts.ok).to.equal(true);
    const gaps = result.observerGaps.filter((g) => g.component === 'api-server');
    expect(gaps, JSON.stringify(result.observerGaps)).to.have.length(2);
    const gap = gaps.find((g) => g.to > cutAt);
    expect(gap, JSON.stringify(result.observerGaps)).to.not.equal(undefined);
    // Seen within the probe's deadline of the cut; over within a few seconds of the restore.
    expect(gap!.from).to.be.within(cutAt - 6000, cutAt + 4000);
    expect(gap!.to).to.be.within(restoredAt - 1000, restoredAt + 8000);
    expect(gap!.to - gap!.from).to.be.at.least(OUTAGE_MS - 4000);
    if (result.recovery.recoveredAtMs !== null) expect(result.recovery.recoveredAtMs).to.be.at.least(gap!.to);
    const timeline = readFileSync(join(runDir, 'timeline.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TimelineEvent);
    const recover = timeline.find((e) => e.kind === 'phase' && e.phase === 'recover');
    if (recover) expect(recover.at, 'the run was judged recovered during the outage').to.be.at.least(gap!.to);
    const revertPhase = timeline.find((e) => e.kind === 'phase' && e.phase === 'revert')!;
    expect(revertPhase.at, 'the run ended during the outage').to.be.at.least(gap!.to);
  });
});
