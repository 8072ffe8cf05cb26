/**
 * Whole-GameDay figures on the simulator with the real Prometheus,
 * Alertmanager and vegeta:
 * - TTD error against the model's ground truth: the measured firing instant
 *   minus the earliest instant the rule could have fired with perfect,
 *   continuous observation — the first instant its condition held on the
 *   model's exact request counts (rule-ground-truth.ts), plus the rule's
 *   `for`. Beside it, for information, the error against the first failed
 *   request + `for`, which also holds the rule's own arithmetic (the outage
 *   a denied share over `[1m]` above 5% needs before it can be true);
 * - simulator and harness CPU under 500 requests/s of vegeta load, and the
 *   requests that failed in that steady state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import type { TimelineEvent } from '../src/timeline.js';
import { baselineRuleFiles, LocalObservers } from '../src/observe/local-observers.js';
import { projectRoot } from '../src/project-root.js';
import { executeScenario } from '../src/run/execute.js';
import { loadScenario } from '../src/scenario/index.js';
import { makeTarget } from '../src/compose/pick.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';
import { ratioRuleOf, RuleGroundTruth } from './rule-ground-truth.js';

export async function runTtdErrorBench(scenarioFile = 'scenarios/deny-policy.yaml'): Promise<Record<string, number | string>> {
  const root = projectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'gameday-ttd-'));
  const clock = new WallClock();
  const log = silentLogger();
  const scenario = await loadScenario(join(root, scenarioFile), { projectRoot: root });
  const observers = new LocalObservers({ clock, log });
  const [alert] = scenario.spec.detection.expect;
  if (!alert) throw new Error(`${scenarioFile} expects no alert to measure TTD on`);
  const target = makeTarget({ kind: 'sim', scenario, clock, log });
  // The embedded simulator, so the ground truth can read its exact counts while the GameDay runs.
  if (!(target instanceof SimTarget)) throw new Error('the TTD bench needs the embedded simulator');
  const rule = ratioRuleOf(alert, baselineRuleFiles());
  const truth = new RuleGroundTruth(rule, target.requestMetrics(), clock);
  truth.start();
  try {
    const ex = await executeScenario({ scenario, target, observers, clock, log, signal: new AbortController().signal, resultsRoot: dir });
    const events = ex.outcome.events;
    const tInject = ex.result.tInjectMs;
    const symptom = events.find((e): e is Extract<TimelineEvent, { kind: 'symptom' }> => e.kind === 'symptom' && tInject !== null && e.at >= tInject);
    const firing = events.find(
      (e): e is Extract<TimelineEvent, { kind: 'alert' }> =>
        e.kind === 'alert' && e.state === 'firing' && e.source === 'prometheus' && e.alert === alert && tInject !== null && e.at >= tInject,
    );
    if (!symptom || !firing || tInject === null) return { scenario: scenario.metadata.name, verdict: ex.result.verdict, error: 'no symptom or no firing to compare' };
    const group = Object.fromEntries(rule.by.map((l) => [l, firing.labels[l] ?? '']));
    const condition = truth.firstConditionAt(group, tInject);
    if (!condition) return { scenario: scenario.metadata.name, alert, error: `${alert}'s condition never held on the exact counts after injection` };
    const ideal = condition.at + rule.forMs;
    const naive = symptom.at + rule.forMs;
    return {
      scenario: scenario.metadata.name,
      alert,
      'measured TTD (ms)': firing.at - tInject,
      'ground truth: rule condition held + for (ms after injection)': ideal - tInject,
      'TTD error vs rule condition (ms)': firing.at - ideal,
      'one scrape + one evaluation (ms)': 2000,
      'rule condition instant late by at most, sampling (ms)': condition.lateByAtMostMs,
      'first failed request + for (ms after injection, information)': naive - tInject,
      'TTD error vs first failed request (ms, information)': firing.at - naive,
      "rule's own arithmetic: first failed request → condition held (ms)": condition.at - symptom.at,
      'ground-truth samples, longest gap (ms)': `${truth.sampleCount}, ${truth.maxGapMs}`,
    };
  } finally {
    truth.stop();
    await observers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCpuAt500Bench(seconds = 30): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-cpu-'));
  const clock = new WallClock();
  const log = silentLogger();
  const target = new SimTarget({ clock, log });
  // As in a run: Prometheus scrapes the simulator every second and the alert watcher polls it.
  const observers = new LocalObservers({ clock, log });
  const slis: Extract<TimelineEvent, { kind: 'sli' }>[] = [];
  try {
    const endpoints = await target.up();
    await observers.attach(endpoints, () => {}, dir);
    const load = await observers.startLoad(
      endpoints,
      { engine: 'vegeta', rate: 500, vus: 100, durationMs: (seconds + 10) * 1000, routes: [{ path: '/', weight: 1, headers: {} }], headers: {}, timeoutMs: 10_000, env: {} },
      (e) => {
        if (e.kind === 'sli') slis.push(e);
      },
      dir,
    );
    // Skip the first seconds (connections opening); measure a steady stretch.
    await clock.sleep(5000);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const from = slis.length;
    await clock.sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    await load.stop();
    const measured = slis.slice(from);
    const requests = measured.reduce((a, s) => a + s.requests, 0);
    const failures = measured.reduce((a, s) => a + s.failures, 0);
    return {
      'vegeta rate (req/s)': 500,
      'measured seconds': measured.length,
      'requests served (per s)': Math.round(requests / Math.max(1, measured.length)),
      'failed requests': failures,
      'simulator + harness CPU (cores)': Number(((cpu.user + cpu.system) / 1000 / wallMs).toFixed(3)),
      includes: 'simulator, vegeta result stream, Prometheus scrapes of the simulator, alert watcher (not the Prometheus or vegeta processes)',
    };
  } finally {
    await observers.detach();
    await observers.close();
    await target.down();
    rmSync(dir, { recursive: true, force: true });
  }
}
