/**
 * The pod-churn GameDay on the 10,000-pod production-shaped mesh, end to end:
 * the real runner, Prometheus, Alertmanager and vegeta, the scenario's own
 * faults, detection and recovery, only the topology swapped for the bench's
 * (the churned namespaces are the mesh's first three). Prints the verdict,
 * each expected alert's first firing after the injection, TTD and TTR
 * against the scenario's objectives, and when ProxiesStale's pending state
 * began (its firing minus `for`) against its ground truth: the first instant
 * its condition held on the model's own proxy-status counts, and how often
 * the share fell back meanwhile (stale-ground-truth.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../src/clock.js';
import { makeTarget } from '../src/compose/pick.js';
import { silentLogger } from '../src/log.js';
import { percentile } from '../src/observe/load/sli-series.js';
import { baselineRuleFiles, LocalObservers } from '../src/observe/local-observers.js';
import { projectRoot } from '../src/project-root.js';
import { executeScenario } from '../src/run/execute.js';
import { loadScenario } from '../src/scenario/index.js';
import type { TickStats } from '../src/targets/sim/model-driver.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';
import type { TimelineEvent } from '../src/timeline.js';
import { describeGcInTicks, watchCollections } from './gc-in-ticks.js';
import { productionTopology } from './sim-topology.js';
import { StaleGroundTruth, staleRuleOf } from './stale-ground-truth.js';

/**
 * `timeScale`: the scenario's own (5) unless given; at 1 the model does a fifth of the work per wall second.
 * `eventsPerSecond`: the storm's rate, the scenario's own unless given (a storm scaled to a larger mesh).
 */
export async function runChurnGamedayBench(pods = 10_000, timeScale?: number, eventsPerSecond?: number): Promise<Record<string, number | string>> {
  const root = projectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'gameday-churn-'));
  const clock = new WallClock();
  const log = silentLogger();
  const scenario = await loadScenario(join(root, 'scenarios/pod-churn.yaml'), { projectRoot: root });
  const topology = productionTopology(pods);
  scenario.spec.target.sim.topology = topology as unknown as Record<string, unknown>;
  if (timeScale !== undefined) scenario.spec.target.sim.timeScale = timeScale;
  const churned = topology.namespaces.slice(1, 4).map((n) => n.name);
  for (const f of scenario.spec.faults) {
    if (f.type !== 'pod-churn') continue;
    const params = f.params as { namespaces: string[]; eventsPerSecond: number };
    params.namespaces = churned;
    if (eventsPerSecond !== undefined) params.eventsPerSecond = eventsPerSecond;
  }
  const observers = new LocalObservers({ clock, log });
  const staleRule = staleRuleOf(baselineRuleFiles());
  let truth: StaleGroundTruth | undefined;
  try {
    const target = makeTarget({ kind: 'sim', scenario, clock, log });
    if (!(target instanceof SimTarget)) throw new Error('the bench needs the simulator target');
    truth = new StaleGroundTruth(staleRule, () => target.proxyStatusCounts(), clock);
    truth.start();
    // The driver's tick durations go with the target when the run takes it down: keep the latest.
    let ticks: TickStats | null = null;
    const keepTicks = setInterval(() => (ticks = target.tickStats() ?? ticks), 1000);
    const collections = watchCollections();
    const ex = await executeScenario({ scenario, target, observers, clock, log, signal: new AbortController().signal, resultsRoot: dir }).finally(() =>
      clearInterval(keepTicks),
    );
    const gcInTicks = ticks ? describeGcInTicks(collections.stop(ticks)) : 'no ticks recorded';
    truth.stop();
    const r = ex.result;
    // What the load saw before the injection: why a steady state held, or did not.
    const before = ex.outcome.events.filter((e): e is Extract<TimelineEvent, { kind: 'sli' }> => e.kind === 'sli' && (r.tInjectMs === null || e.at < r.tInjectMs));
    const requests = before.reduce((n, e) => n + e.requests, 0);
    const failures = before.reduce((n, e) => n + e.failures, 0);
    const p99s = before.map((e) => e.p99Ms ?? 0).sort((a, b) => a - b);
    const tInject = r.tInjectMs ?? NaN;
    const objective = (name: string): string => {
      const o = r.objectives.find((x) => x.name === name);
      return o ? `${o.actual === null ? 'unknown' : `${Math.round(o.actual / 100) / 10} s`} (objective ${o.limit / 1000} s: ${o.status})` : 'n/a';
    };
    return {
      mesh: `${pods} pods, churn of ${eventsPerSecond ?? 'the scenario’s'} events/s in ${churned.join(', ')}, time scale ${scenario.spec.target.sim.timeScale}`,
      verdict: `${r.verdict}: ${r.verdictReason}`,
      'load before the injection': `${requests} requests, ${failures} failed, per-second p99 median ${Math.round(p99s[p99s.length >> 1] ?? NaN)} ms, max ${Math.round(p99s.at(-1) ?? NaN)} ms`,
      'expected alerts, first firing after the injection': r.alerts
        .filter((a) => a.expected)
        .map((a) => `${a.alert} ${a.firstFiringAt === null ? 'never' : `+${((a.firstFiringAt - tInject) / 1000).toFixed(1)} s`}`)
        .join(', '),
      'ProxiesStale against its ground truth': staleAgainstTruth(truth, r.alerts.find((a) => a.alert === 'ProxiesStale')?.firstFiringAt ?? null, tInject),
      TTD: objective('ttd'),
      TTR: objective('ttr'),
      'detection deadline (s)': scenario.spec.detection.deadlineMs / 1000,
      'model tick in the run (wall clock): p50 / p99 / max': `${tickFigures(ticks)}; ${gcInTicks}`,
    };
  } finally {
    truth?.stop();
    await observers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The model's ticks as the run drove them, on the wall clock between the load, the scrapes and Prometheus: the in-operation side of mesh-scale.ts' tick row. */
function tickFigures(stats: TickStats | null): string {
  if (!stats || stats.recentMs.length === 0) return 'none recorded';
  const ms = [...stats.recentMs].sort((a, b) => a - b);
  const at = (q: number): string => (percentile(ms, q) ?? NaN).toFixed(2);
  return `${at(0.5)} / ${at(0.99)} / ${ms.at(-1)!.toFixed(2)} ms (last ${ms.length} of ${stats.ticks} ticks)`;
}

/** When ProxiesStale's pending state began (firing − for) against the first instant its condition held on the model's counts. */
function staleAgainstTruth(truth: StaleGroundTruth, firedAt: number | null, tInject: number): string {
  const s = (ms: number): string => `+${(ms / 1000).toFixed(1)} s`;
  const held = truth.conditionFrom(tInject);
  if (firedAt === null) return `never fired; ${held ? `condition held from ${s(held.at - tInject)}` : 'condition never held'}`;
  const pending = firedAt - truth.rule.forMs;
  if (!held) return `fired ${s(firedAt - tInject)}, though the condition never held on the model's counts`;
  const falls = truth.fallsBetween(held.revision, held.at, pending);
  return (
    `fired ${s(firedAt - tInject)}, so pending from ${s(pending - tInject)} (for ${truth.rule.forMs / 1000} s); ` +
    `condition held from ${s(held.at - tInject)} (revision ${held.revision}, late by at most ${held.lateByMs} ms; counts sampled every 200 ms): ` +
    `pending began ${Math.round(pending - held.at)} ms after it; the share fell back to ${truth.rule.threshold} or below ${falls} times in between`
  );
}

if (process.argv[1]?.endsWith('churn-gameday-bench.ts')) {
  // Arguments: pods, time scale, storm events/s; an empty or absent one keeps the default.
  const arg = (i: number): number | undefined => (process.argv[i] ? Number(process.argv[i]) : undefined);
  console.table(await runChurnGamedayBench(arg(2) ?? 10_000, arg(3), arg(4)));
}
