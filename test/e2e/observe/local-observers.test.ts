/**
 * The whole stack behind the runner's Observers interface: attach to a
 * target's HTTP SD, see an alert fire, run load, close, and leave nothing;
 * and, as a suite does, attach the same stack to a second target: the same
 * Prometheus is reloaded onto it, and the first target's series end.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { LocalObservers, OBSERVERS_MANIFEST, type ObserversManifest } from '../../../src/observe/local-observers.js';
import { PrometheusApi } from '../../../src/observe/prometheus-api.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { MetricsTarget } from './metrics-target.js';

describe('e2e: LocalObservers (the runner’s view of the stack)', function () {
  this.timeout(60_000);

  it('attaches, reports an alert and per-second load, and closes without leftovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-stack-'));
    const rules = join(dir, 'flag.rules.yaml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - alert: Flag\n        expr: gameday_test_flag == 1\n        for: 1s\n');
    const target = await MetricsTarget.start({ job: 'istiod', namespace: 'istio-system', pod: 'istiod-0' });
    const ingress = createServer((_q, r) => r.end('ok'));
    await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
    const endpoints = {
      ingressUrl: `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`,
      scrape: { kind: 'http-sd' as const, url: target.sdUrl },
      timeScale: 1,
    };
    const observers = new LocalObservers({ clock: new WallClock(), log: silentLogger(), ruleFiles: [rules], pollIntervalMs: 200 });
    const events: TimelineEvent[] = [];
    try {
      expect(observers.alertNames()).to.deep.equal(['Flag']);
      await observers.attach(endpoints, (e) => events.push(e), dir);
      target.value = 1;
      const load = await observers.startLoad(
        endpoints,
        { engine: 'vegeta', rate: 10, vus: 2, durationMs: 2000, routes: [{ path: '/', weight: 1, headers: {} }], headers: {}, timeoutMs: 10_000, env: {} },
        (e) => events.push(e),
        dir,
      );
      const exit = await load.exited;
      expect(exit.crashed, exit.message).to.equal(false);
      const fired = await pollUntil(async () => events.some((e) => e.kind === 'alert' && e.state === 'firing' && e.source === 'prometheus'), {
        timeoutMs: 20_000,
      });
      expect(fired, 'Flag fired').to.equal(true);
      const sli = events.filter((e) => e.kind === 'sli');
      expect(sli.reduce((n, e) => n + (e.kind === 'sli' ? e.requests : 0), 0)).to.be.within(18, 22);
      expect(Object.keys(observers.versions()).sort()).to.deep.equal(['alertmanager', 'prometheus', 'vegeta']);
    } finally {
      await observers.close();
      await target.stop();
      ingress.closeAllConnections();
      await new Promise<void>((resolve) => ingress.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('reuses one Prometheus and Alertmanager: a later attach reloads onto the new target and the old one’s series end', async function () {
    this.timeout(90_000);
    const root = mkdtempSync(join(tmpdir(), 'gameday-e2e-reuse-'));
    const rules = join(root, 'flag.rules.yaml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - alert: Flag\n        expr: gameday_test_flag == 1\n        for: 1s\n');
    const shared = join(root, 'observers-0');
    const [runA, runB] = [join(root, 'run-a'), join(root, 'run-b')];
    for (const d of [runA, runB]) mkdirSync(d);
    const a = await MetricsTarget.start({ job: 'istiod', namespace: 'istio-system', pod: 'istiod-a' });
    const b = await MetricsTarget.start({ job: 'istiod', namespace: 'istio-system', pod: 'istiod-b' });
    const endpointsOf = (t: MetricsTarget) => ({ ingressUrl: 'http://127.0.0.1:1', scrape: { kind: 'http-sd' as const, url: t.sdUrl }, timeScale: 1 });
    const manifest = (runDir: string) => JSON.parse(readFileSync(join(runDir, OBSERVERS_MANIFEST), 'utf8')) as ObserversManifest;
    const firing = (events: TimelineEvent[], pod: string) => events.filter((e) => e.kind === 'alert' && e.source === 'prometheus' && e.state === 'firing' && e.labels.pod === pod);
    const resolved = (events: TimelineEvent[], pod: string) => events.filter((e) => e.kind === 'alert' && e.source === 'prometheus' && e.state === 'resolved' && e.labels.pod === pod);
    const waitFor = async (what: string, cond: () => boolean | Promise<boolean>): Promise<void> => {
      expect(await pollUntil(async () => cond(), { timeoutMs: 20_000, intervalMs: 100 }), `timed out waiting for ${what}`).to.equal(true);
    };
    const observers = new LocalObservers({ clock: new WallClock(), log: silentLogger(), ruleFiles: [rules], pollIntervalMs: 200, dir: shared });
    const [eventsA, eventsB]: TimelineEvent[][] = [[], []];
    const pids: number[] = [];
    try {
      a.value = 1;
      await observers.attach(endpointsOf(a), (e) => eventsA.push(e), runA);
      const first = manifest(runA);
      expect(first).to.include({ attach: 1, prometheusAction: 'started', dir: shared });
      expect(first.prometheus.configFile).to.equal(join(shared, 'prometheus', 'prometheus.yml'));
      expect(first.alertmanager.logFile).to.equal(join(shared, 'alertmanager', 'alertmanager.log'));
      expect(existsSync(join(runA, 'prometheus')), 'no Prometheus files in the run directory').to.equal(false);
      pids.push(first.prometheus.pid!, first.alertmanager.pid!);
      await waitFor('Flag firing for A', () => firing(eventsA, 'istiod-a').length > 0);
      await observers.detach();

      // A keeps serving: only its removal from discovery can end its series.
      const attachedB = Date.now();
      await observers.attach(endpointsOf(b), (e) => eventsB.push(e), runB);
      const second = manifest(runB);
      expect(second).to.include({ attach: 2, prometheusAction: 'reloaded', dir: shared });
      expect(second.prometheus.pid, 'the same Prometheus').to.equal(first.prometheus.pid);
      expect(second.prometheus.url).to.equal(first.prometheus.url);
      expect(second.alertmanager.pid, 'the same Alertmanager').to.equal(first.alertmanager.pid);
      expect(second.prometheus.scrape).to.deep.equal({ kind: 'http-sd', url: b.sdUrl });
      const api = new PrometheusApi(second.prometheus.url);
      const config = await api.config();
      expect(config).to.include(b.sdUrl).and.not.include(a.sdUrl);
      const active = await api.targets();
      expect(active.map((t) => t.discoveredLabels.__meta_url), 'only B is scraped').to.deep.equal([b.sdUrl]);
      expect(Date.parse(active[0]!.lastScrape), 'B scraped before attach returned').to.be.at.least(attachedB - 1);

      await waitFor('A’s series to go stale', async () => (await api.query('gameday_test_flag{pod="istiod-a"}')).length === 0);
      // A's alert may still have been firing when B's watcher first read Prometheus: it is then reported as
      // firing from before the attach, and resolves; it never reads as a new firing during B's run.
      await waitFor('A’s alert resolved for B’s run', () => firing(eventsB, 'istiod-a').length === resolved(eventsB, 'istiod-a').length);
      for (const e of firing(eventsB, 'istiod-a')) expect(e.at, 'A’s firing instant predates B’s attach').to.be.below(attachedB);

      b.value = 1;
      await waitFor('Flag firing for B', () => firing(eventsB, 'istiod-b').length > 0);
      expect(firing(eventsA, 'istiod-b'), 'A’s run hears nothing after detach').to.deep.equal([]);
    } finally {
      await observers.close();
      await a.stop();
      await b.stop();
      rmSync(root, { recursive: true, force: true });
    }
    expect(liveProcesses()).to.deep.equal([]);
    for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid} gone`).to.throw();
  });
});
