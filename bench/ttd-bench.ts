/**
 * TTD error over many injections, with the real Prometheus and Alertmanager
 * and vegeta load on the simulator: a DENY AuthorizationPolicy on one
 * workload after another (each in its own namespace, so each 403 series is
 * new, as in the deny-policy GameDay), each reverted once its alert fires,
 * with a healthy stretch between them so the simulator's symptom record (the
 * first failed response it served) opens a new episode per injection.
 *
 * The rule is the baseline MeshRbacDenied with `for: 0s`: evaluation ticks
 * lie on a grid one interval apart and `for` is a whole number of intervals,
 * so `for` adds exactly itself to the firing instant and the error is the
 * same; without it each injection takes seconds, not half a minute.
 *
 * Two errors per injection, both of the Prometheus firing instant:
 * - against the rule condition (the goal's figure): the first instant at
 *   which the rule's condition held on the model's exact request counts
 *   (rule-ground-truth.ts), i.e. the earliest it could have fired with
 *   perfect, continuous observation. This is what scraping, evaluation and
 *   `rate()` on scraped samples cost; the goal is one scrape + one evaluation.
 * - against the first failed request (information): adds the rule's own
 *   arithmetic, the outage a denied share over `[1m]` above 5% needs before
 *   it can be true at all.
 *
 * Each error is split where it goes: symptom → the first scrape holding the
 * failure, → the next scrape (rate() needs two samples of the series, and a
 * proxy creates the `response_code="403"` series at its first 403), → the
 * evaluation that found the rule true; and symptom → condition held (the
 * rule's arithmetic), → the newest scrape the firing evaluation had, → that
 * evaluation. rate() on scraped samples is not the exact count: it sees the
 * new 403 series only from its first scrape, extrapolates at most half an
 * interval before that, and extrapolates forward to the evaluation instant
 * (extrapolatedRate in Prometheus' promql/functions.go), so the newest scrape
 * a firing evaluation had may precede the condition, or a later scrape than
 * the first after it may be needed; both are counted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { WallClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import { baselineRuleFiles, LocalObservers, OBSERVERS_MANIFEST, type ObserversManifest } from '../src/observe/local-observers.js';
import { PrometheusApi } from '../src/observe/prometheus-api.js';
import { percentile } from '../src/observe/load/sli-series.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';
import { defaultTopology } from '../src/targets/sim/model/topology.js';
import type { TopologySpec } from '../src/targets/sim/model/topology-spec.js';
import type { TimelineEvent } from '../src/timeline.js';
import { alertRuleOf, ratioRuleOf, RuleGroundTruth } from './rule-ground-truth.js';

/** One namespace per injection, each with one workload behind its own route: every injection denies a workload never denied before. */
const INJECTIONS = 12;
const ns = (i: number): string => `team-${i + 1}`;

function ttdTopology(): TopologySpec {
  const base = defaultTopology();
  const namespaces = Array.from({ length: INJECTIONS }, (_, i) => ns(i));
  return {
    ...base,
    namespaces: [{ name: 'istio-system' }, ...namespaces.map((name) => ({ name, labels: { 'istio.io/rev': 'stable' } }))],
    workloads: namespaces.map((namespace) => ({ namespace, name: 'api', replicas: 2, serviceAccount: 'api-sa', baseLatencyMs: 2 })),
    routes: namespaces.map((namespace) => ({ prefix: `/${namespace}/`, service: `${namespace}/api` })),
  };
}

/** Longer than the simulator's healthy window (10 s), so each injection's first failure opens an episode. */
const HEALTHY_MS = 11_000;
const ALERT = 'MeshRbacDenied';

export interface TtdInjection {
  workload: string;
  /** Firing − first failed request. */
  errorMs: number;
  /** Firing − the first instant the rule's condition held on the exact counts. */
  errorVsConditionMs: number;
  /** First failed request → condition held: the rule's own arithmetic. */
  toConditionMs: number;
  /** How late the sampled condition instant may be (the gap to the sample before it). */
  conditionLateByAtMostMs: number;
  toFirstScrapeMs: number;
  toSecondScrapeMs: number;
  toEvaluationMs: number;
  /** Condition held → the newest scrape the firing evaluation had; negative when one from before the condition sufficed. */
  conditionToLastScrapeMs: number;
  /** Scrapes at or after the condition, before the newest one the firing evaluation had: more samples rate() needed. */
  extraScrapes: number;
  /** That newest scrape → the evaluation that fired. */
  lastScrapeToFiringMs: number;
}

function ruleFileWithoutFor(dir: string): string {
  const rule = alertRuleOf(ALERT, baselineRuleFiles());
  const out = join(dir, 'ttd-bench.rules.yaml');
  writeFileSync(out, stringify({ groups: [{ name: 'ttd-bench', rules: [{ alert: ALERT, expr: rule.expr, for: '0s' }] }] }));
  return out;
}

async function until<T>(clock: WallClock, what: string, timeoutMs: number, get: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (clock.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await clock.sleep(100);
  }
}

export async function runTtdInjectionsBench(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-ttd-'));
  const clock = new WallClock();
  const log = silentLogger();
  const target = new SimTarget({ clock, log, topology: ttdTopology() });
  // The baseline rule's shape, not the `for: 0s` copy's: both have the same expr, and this is the one that must not drift.
  const rule = ratioRuleOf(ALERT, baselineRuleFiles());
  const truth = new RuleGroundTruth(rule, target.requestMetrics(), clock);
  const observers = new LocalObservers({ clock, log, ruleFiles: [ruleFileWithoutFor(dir)] });
  const firings: Extract<TimelineEvent, { kind: 'alert' }>[] = [];
  const injections: TtdInjection[] = [];
  try {
    truth.start();
    const endpoints = await target.up();
    await observers.attach(endpoints, (e) => {
      if (e.kind === 'alert' && e.source === 'prometheus' && e.state === 'firing' && e.alert === ALERT) firings.push(e);
    }, dir);
    const manifest = JSON.parse(readFileSync(join(dir, OBSERVERS_MANIFEST), 'utf8')) as ObserversManifest;
    const prom = new PrometheusApi(manifest.prometheus.url);
    const load = await observers.startLoad(
      endpoints,
      {
        engine: 'vegeta',
        rate: 120,
        vus: 20,
        durationMs: 30 * 60_000,
        routes: Array.from({ length: INJECTIONS }, (_, i) => ({ path: `/${ns(i)}/`, weight: 1, headers: {} })),
        headers: {},
        timeoutMs: 10_000,
        env: {},
      },
      () => {},
      dir,
    );
    try {
      // A full rule window of healthy traffic first, as before a GameDay's injection: with only seconds of it,
      // the first injection's condition holds within a second of the first 403, before rate() has two samples
      // of the newborn series, and that injection measures the warm-up rather than the pipeline.
      await clock.sleep(Math.max(HEALTHY_MS, rule.windowMs + 1000));
      for (let i = 0; i < INJECTIONS; i++) {
        const [namespace, workload] = [ns(i), 'api'];
        const episodes = target.symptoms().length;
        const name = `ttd-bench-${workload}`;
        const t0 = clock.now();
        await target.apply({
          op: 'apply-authorization-policy',
          policy: { namespace, name, action: 'DENY', selector: { app: workload }, rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/nobody/sa/nobody'] } }] }] },
        });
        const symptom = await until(clock, `a failure after denying ${namespace}/${workload}`, 10_000, () => target.symptoms()[episodes]);
        const firing = await until(clock, `${ALERT} for ${namespace}/${workload}`, 30_000, () =>
          firings.find((f) => f.at >= symptom.at && f.labels.destination_workload === workload && f.labels.destination_workload_namespace === namespace),
        );
        const condition = await until(clock, `${ALERT}'s condition on the exact counts for ${namespace}/${workload}`, 30_000, () =>
          truth.firstConditionAt({ destination_workload_namespace: namespace, destination_workload: workload }, t0),
        );
        await target.apply({ op: 'delete-authorization-policy', namespace, name });
        const series = `istio_requests_total{reporter="destination",response_code="403",destination_workload="${workload}",destination_workload_namespace="${namespace}"}`;
        // Every series of the workload comes from the one envoy-stats target, so they share scrape instants.
        const samples = (await prom.query(`${series}[2m]`)) as unknown as { values?: [number, string][] }[];
        const stamps = [...new Set(samples.flatMap((x) => x.values ?? []).map(([t]) => t * 1000))]
          .filter((t) => t >= symptom.at)
          .sort((a, b) => a - b);
        const lastScrape = stamps.filter((t) => t <= firing.at).at(-1) ?? NaN;
        injections.push({
          workload: `${namespace}/${workload}`,
          errorMs: firing.at - symptom.at,
          errorVsConditionMs: firing.at - condition.at,
          toConditionMs: condition.at - symptom.at,
          conditionLateByAtMostMs: condition.lateByAtMostMs,
          conditionToLastScrapeMs: lastScrape - condition.at,
          extraScrapes: stamps.filter((t) => t >= condition.at && t < lastScrape).length,
          lastScrapeToFiringMs: firing.at - lastScrape,
          toFirstScrapeMs: (stamps[0] ?? NaN) - symptom.at,
          toSecondScrapeMs: (stamps[1] ?? NaN) - (stamps[0] ?? NaN),
          toEvaluationMs: firing.at - (stamps[1] ?? NaN),
        });
        await clock.sleep(HEALTHY_MS);
      }
    } finally {
      await load.stop();
    }
  } finally {
    truth.stop();
    await observers.detach();
    await observers.close();
    await target.down();
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = (f: (i: TtdInjection) => number): number[] => injections.map(f).sort((a, b) => a - b);
  const med = (f: (i: TtdInjection) => number): number => Math.round(percentile(sorted(f), 0.5) ?? NaN);
  const max = (f: (i: TtdInjection) => number): number => Math.round(sorted(f).at(-1) ?? NaN);
  return {
    injections: injections.length,
    'TTD error vs rule condition median (ms)': med((i) => i.errorVsConditionMs),
    'TTD error vs rule condition max (ms)': max((i) => i.errorVsConditionMs),
    'goal: one scrape + one evaluation (ms)': 2000,
    'rule condition instant late by at most, sampling (ms)': max((i) => i.conditionLateByAtMostMs),
    'TTD error vs first failed request median (ms, information)': med((i) => i.errorMs),
    'TTD error vs first failed request max (ms, information)': max((i) => i.errorMs),
    "median part: first failed request → condition held, the rule's own arithmetic (ms)": med((i) => i.toConditionMs),
    'median part vs condition: condition held → newest scrape the firing evaluation had (ms; < 0: a scrape before it)': med(
      (i) => i.conditionToLastScrapeMs,
    ),
    'median part vs condition: → evaluation that fired (ms)': med((i) => i.lastScrapeToFiringMs),
    'firings on a scrape from before the condition held (rate() extrapolates to the evaluation instant)': injections.filter(
      (i) => i.conditionToLastScrapeMs < 0,
    ).length,
    'firings that needed a later scrape than the first after the condition': injections.filter((i) => i.extraScrapes > 0).length,
    'median part vs first failed request: → first scrape holding it (ms)': med((i) => i.toFirstScrapeMs),
    'median part vs first failed request: → second scrape, rate() needs two samples (ms)': med((i) => i.toSecondScrapeMs),
    'median part vs first failed request: → evaluation that fired (ms)': med((i) => i.toEvaluationMs),
    'worst error vs rule condition, its parts (ms)': worstParts(injections),
    'each error vs rule condition (ms)': injections.map((i) => Math.round(i.errorVsConditionMs)).join(', '),
    'each error vs first failed request (ms)': injections.map((i) => Math.round(i.errorMs)).join(', '),
    'ground-truth samples, longest gap (ms)': `${truth.sampleCount}, ${truth.maxGapMs}`,
  };
}

/**
 * The injection furthest from its rule condition, split both ways: when the
 * condition holds soon after the first failure (little traffic in the window
 * yet), rate()'s need of two samples of the newborn 403 series, not the
 * condition, sets the earliest firing.
 */
function worstParts(injections: readonly TtdInjection[]): string {
  const w = [...injections].sort((a, b) => b.errorVsConditionMs - a.errorVsConditionMs)[0];
  if (!w) return '-';
  const r = Math.round;
  return (
    `${w.workload} ${r(w.errorVsConditionMs)}: first failed request → condition ${r(w.toConditionMs)}; ` +
    `first failed request → first scrape holding it ${r(w.toFirstScrapeMs)}, → second scrape ${r(w.toSecondScrapeMs)}, → firing ${r(w.toEvaluationMs)}; ` +
    `condition → newest scrape the firing had ${r(w.conditionToLastScrapeMs)}, → firing ${r(w.lastScrapeToFiringMs)}`
  );
}

if (process.argv[1]?.endsWith('ttd-bench.ts')) console.table(await runTtdInjectionsBench());
