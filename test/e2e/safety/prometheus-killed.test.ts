/**
 * Prometheus killed mid-run: until it answers again nobody can say whether an
 * alert fired, so the run records a `detection.unavailable` span and the
 * measured detection is "unavailable" — never a detection gap ("no alert
 * fired") that nobody could have observed. The harness owns that Prometheus,
 * so it starts it again (same port, same TSDB) after a backoff, and detection
 * resumes: an alert whose cause appears after the restart fires and is heard.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { alive, childPids, listening } from './support.js';
import { silentLogger } from '../../../src/log.js';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { LocalObservers, OBSERVERS_MANIFEST } from '../../../src/observe/local-observers.js';
import { projectRoot } from '../../../src/project-root.js';
import { measureSpecOf } from '../../../src/run/execute.js';
import { loadScenario } from '../../../src/scenario/index.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';

describe('e2e: Prometheus killed mid-run', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-prom-killed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detection is "unavailable" for the span, not a gap', async () => {
    const clock = new WallClock();
    const log = silentLogger();
    const rules = join(dir, 'never.rules.yaml');
    writeFileSync(
      rules,
      'groups:\n  - name: never\n    rules:\n      - alert: NeverObserved\n        expr: vector(0) > 1\n        for: 0s\n',
    );
    const target = new SimTarget({ clock, log });
    const observers = new LocalObservers({ clock, log, ruleFiles: [rules] });
    const events: TimelineEvent[] = [];
    let killedAt = 0;
    try {
      await observers.attach(await target.up(), (e) => events.push(e), dir);
      const t0 = clock.now();
      // The run's own records: a fault injected, then users hurt (what makes a silent alert a gap).
      events.push({ kind: 'fault.inject', at: t0, fault: 'f', type: 'deny-policy', operations: [] });
      events.push({ kind: 'symptom', at: t0 + 100, what: 'first 403' });
      const manifest = JSON.parse(readFileSync(join(dir, OBSERVERS_MANIFEST), 'utf8')) as { prometheus: { pid: number } };
      killedAt = clock.now();
      process.kill(manifest.prometheus.pid, 'SIGKILL');
      await clock.sleep(3000);
    } finally {
      await observers.close();
      await target.down();
    }
    const span = events.find((e) => e.kind === 'detection.unavailable');
    expect(span, 'a detection.unavailable span').to.not.equal(undefined);
    if (span?.kind === 'detection.unavailable') expect(span.until).to.be.at.least(killedAt);

    const scenario = await loadScenario(join(projectRoot(), 'scenarios', 'deny-policy.yaml'), { projectRoot: projectRoot() });
    const spec = measureSpecOf(scenario);
    spec.detection = { expect: ['NeverObserved'], deadlineMs: 1000 };
    const end = clock.now();
    expect(measure(events, spec, { end }).detection.status).to.equal('unavailable');
    // The same run with Prometheus answering throughout would be a gap: the span is what changes the answer.
    expect(
      measure(
        events.filter((e) => e.kind !== 'detection.unavailable'),
        spec,
        { end },
      ).detection.status,
    ).to.equal('gap');
  });

  it('restarts its own Prometheus on the same port and data after a backoff, and detection resumes', async () => {
    const clock = new WallClock();
    const log = silentLogger();
    const rules = join(dir, 'scaled.rules.yaml');
    // Fires once payments-api is scaled to nothing: the cause is created after the restart.
    writeFileSync(
      rules,
      'groups:\n  - name: scaled\n    rules:\n      - alert: ScaledToNothing\n        expr: kube_deployment_spec_replicas{deployment="payments-api"} == 0\n        for: 0s\n',
    );
    const runDir = join(dir, 'restart');
    const target = new SimTarget({ clock, log });
    // The default backoff (1 s) is longer than the watcher's poll: the outage is always seen.
    const observers = new LocalObservers({ clock, log, ruleFiles: [rules] });
    const events: TimelineEvent[] = [];
    let killedAt = 0;
    let scaledAt = 0;
    let manifest: { prometheus: { pid: number; url: string } };
    try {
      await observers.attach(await target.up(), (e) => events.push(e), runDir);
      manifest = JSON.parse(readFileSync(join(runDir, OBSERVERS_MANIFEST), 'utf8')) as typeof manifest;
      const { url, pid } = manifest.prometheus;
      const countUp = async (atSec: number): Promise<number> => {
        const body = (await (await fetch(`${url}/api/v1/query?query=count(up)&time=${atSec}`)).json()) as {
          data: { result: { value: [number, string] }[] };
        };
        return Number(body.data.result[0]?.value[1] ?? 0);
      };
      // Ready is not yet scraped: wait for the first scrape to land in the TSDB before killing it.
      let beforeKill = 0;
      const scraped = await pollUntil(
        async () => {
          const now = Math.floor(Date.now() / 1000);
          if ((await countUp(now)) === 0) return false;
          beforeKill = now;
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(scraped, 'scraped before the kill').to.equal(true);
      killedAt = clock.now();
      process.kill(pid, 'SIGKILL');
      const restarted = await pollUntil(async () => events.some((e) => e.kind === 'observer.restart' && e.ok), {
        timeoutMs: 60_000,
        intervalMs: 100,
      });
      expect(restarted, `no restart: ${JSON.stringify(events.filter((e) => e.kind === 'observer.restart'))}`).to.equal(true);
      expect(alive(pid)).to.equal(false);
      // Same port (the URL answers) and same TSDB: a sample scraped before the kill is still there.
      expect((await fetch(`${url}/-/ready`)).status).to.equal(200);
      expect(await countUp(beforeKill), 'the data from before the kill').to.be.greaterThan(0);
      // Detection resumes: a cause that appears now is seen by the restarted Prometheus and heard by the run.
      scaledAt = clock.now();
      await target.apply({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 0 });
      events.push({ kind: 'fault.inject', at: scaledAt, fault: 'scale', type: 'scale', operations: [] });
      const fired = await pollUntil(
        async () => events.some((e) => e.kind === 'alert' && e.alert === 'ScaledToNothing' && e.state === 'firing'),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      expect(fired, 'ScaledToNothing never fired after the restart').to.equal(true);
    } finally {
      await observers.close();
      await target.down();
    }
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
    const restart = events.find((e) => e.kind === 'observer.restart');
    const span = events.find((e) => e.kind === 'detection.unavailable');
    const firing = events.find((e) => e.kind === 'alert' && e.alert === 'ScaledToNothing' && e.state === 'firing');
    if (span?.kind !== 'detection.unavailable' || restart?.kind !== 'observer.restart' || firing?.kind !== 'alert')
      throw new Error('missing events');
    expect(restart.attempt).to.equal(1);
    expect(span.at).to.be.at.most(killedAt);
    expect(span.until).to.be.within(restart.at, scaledAt);
    expect(firing.at).to.be.at.least(scaledAt - 1000);

    // In the result: an observer gap with its start, end and the restart inside it; detection measured after it.
    const scenario = await loadScenario(join(projectRoot(), 'scenarios', 'deny-policy.yaml'), { projectRoot: projectRoot() });
    const spec = measureSpecOf(scenario);
    spec.detection = { expect: ['ScaledToNothing'], deadlineMs: 60_000 };
    const m = measure(events, spec, { end: clock.now() });
    expect(m.detection.status).to.equal('detected');
    expect(m.observerGaps).to.deep.equal([
      { component: 'prometheus', from: span.at, to: span.until, reason: span.reason, restarts: [{ at: restart.at, attempt: 1, ok: true }] },
    ]);
  });

  it('gives up after its allowance of restarts: a Prometheus that keeps dying stays down, and detection stays unavailable', async () => {
    const clock = new WallClock();
    const log = silentLogger();
    const rules = join(dir, 'never2.rules.yaml');
    writeFileSync(rules, 'groups:\n  - name: never\n    rules:\n      - alert: NeverObserved\n        expr: vector(0) > 1\n');
    const runDir = join(dir, 'allowance');
    const target = new SimTarget({ clock, log });
    const observers = new LocalObservers({ clock, log, ruleFiles: [rules], prometheusRestarts: 1, prometheusRestartBackoffMs: 200 });
    const events: TimelineEvent[] = [];
    let secondDeath = 0;
    const prometheusPids = (): number[] =>
      childPids().filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(join(runDir, 'prometheus', 'data')));
    try {
      await observers.attach(await target.up(), (e) => events.push(e), runDir);
      const { url, pid } = (
        JSON.parse(readFileSync(join(runDir, OBSERVERS_MANIFEST), 'utf8')) as { prometheus: { url: string; pid: number } }
      ).prometheus;
      process.kill(pid, 'SIGKILL');
      expect(
        await pollUntil(async () => events.some((e) => e.kind === 'observer.restart' && e.ok), { timeoutMs: 60_000, intervalMs: 100 }),
      ).to.equal(true);
      const second = prometheusPids().filter((p) => p !== pid);
      expect(second, 'the restarted Prometheus').to.have.length(1);
      secondDeath = clock.now();
      process.kill(second[0]!, 'SIGKILL');
      // Its one restart spent: no second one comes (given ten times the backoff it would have waited).
      const again = await pollUntil(async () => events.filter((e) => e.kind === 'observer.restart').length > 1, {
        timeoutMs: 4000,
        intervalMs: 100,
      });
      expect(again, 'a restart beyond the allowance').to.equal(false);
      expect(await listening(Number(new URL(url).port))).to.equal(false);
    } finally {
      await observers.close();
      await target.down();
    }
    expect(liveProcesses(), 'processes left running').to.deep.equal([]);
    // Unknown from the second death until the observers closed, never read as "no alert".
    const spans = events.filter((e) => e.kind === 'detection.unavailable');
    expect(
      spans.some((e) => e.at <= secondDeath && e.until >= secondDeath + 3000),
      JSON.stringify(spans),
    ).to.equal(true);
  });
});
