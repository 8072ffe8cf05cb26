/**
 * The ground truth of a ratio alerting rule on the simulator's exact request
 * counts: the first instant at which the rule's condition held, i.e. the
 * earliest instant the rule could have become active with perfect, continuous
 * observation (no scrape interval, no evaluation interval, no `rate()`
 * extrapolation). A firing compared with this instant (plus the rule's `for`)
 * measures the observation pipeline; compared with the first failed request
 * it also measures the rule's own arithmetic (a denied share over `[1m]`
 * above 5% needs seconds of outage before it can be true).
 *
 * The rule's shape is read from its `expr` as loaded from the rule files,
 * never restated here:
 *
 *   sum by (L…) (rate(M{num…}[W])) / sum by (L…) (rate(M{den…}[W])) > T
 *
 * with only `=` matchers; any other shape throws, so a changed rule stops the
 * bench instead of silently measuring against a stale copy.
 *
 * The counts are sampled in process on a timer (SimTarget.requestMetrics(),
 * read-only), so the condition is checked at sample instants: the instant
 * reported is late by at most the gap to the sample before it, which each
 * answer carries.
 */
import type { Clock } from '../src/clock.js';
import { PeriodicSampler } from './periodic-sampler.js';
import { promDurationMs, readAlertRules, type AlertRuleInfo } from '../src/observe/rule-files.js';

/** What the sampler reads: every series' rendered label body and count (RequestMetrics has it). */
export interface RequestCounts {
  forEachRequestCount(visit: (labels: string, requests: number) => void): void;
}

/** The only metric the sampler can read: the simulator's `istio_requests_total` cells. */
const METRIC = 'istio_requests_total';

export interface RatioRule {
  alert: string;
  /** The `sum by (…)` labels: one ratio per combination of their values. */
  by: string[];
  numerator: Readonly<Record<string, string>>;
  denominator: Readonly<Record<string, string>>;
  windowMs: number;
  threshold: number;
  forMs: number;
}

const SUM_OF_RATE = String.raw`sum\s+by\s*\(([^)]*)\)\s*\(\s*rate\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}\s*\[\s*(\w+)\s*\]\s*\)\s*\)`;
const RATIO_ABOVE = new RegExp(String.raw`^\s*${SUM_OF_RATE}\s*/\s*${SUM_OF_RATE}\s*>\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*$`);

/** Parses `expr` as a ratio rule, or throws saying which part no longer has the shape the ground truth needs. */
export function parseRatioRule(alert: string, expr: string, forMs: number): RatioRule {
  const m = RATIO_ABOVE.exec(expr);
  const shape = `sum by (…) (rate(${METRIC}{…="…"}[W])) / sum by (…) (rate(${METRIC}{…="…"}[W])) > T`;
  if (!m) throw new Error(`${alert}: expr no longer has the shape the TTD ground truth computes (${shape}):\n${expr}`);
  const [, byN, metricN, selN, rangeN, byD, metricD, selD, rangeD, threshold] = m as unknown as string[];
  const byList = (s: string): string[] =>
    s
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
  const by = byList(byN!);
  if ([...by].sort().join() !== byList(byD!).sort().join())
    throw new Error(`${alert}: numerator and denominator group by different labels (${byN} / ${byD})`);
  if (metricN !== METRIC || metricD !== METRIC)
    throw new Error(`${alert}: the ground truth reads ${METRIC} only, the rule reads ${metricN} / ${metricD}`);
  if (rangeN !== rangeD) throw new Error(`${alert}: numerator and denominator use different windows ([${rangeN}] / [${rangeD}])`);
  const windowMs = promDurationMs(rangeN);
  if (!(windowMs > 0)) throw new Error(`${alert}: cannot read the rate window [${rangeN}]`);
  return {
    alert,
    by,
    numerator: equalityMatchers(alert, selN!),
    denominator: equalityMatchers(alert, selD!),
    windowMs,
    threshold: Number(threshold),
    forMs,
  };
}

function equalityMatchers(alert: string, selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of selector
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"\\]*)"$/.exec(part);
    if (!m) throw new Error(`${alert}: the ground truth handles only label="value" matchers, not ${part}`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** The named alert as the given rule files define it, or an error naming the files. */
export function alertRuleOf(alert: string, ruleFiles: readonly string[]): AlertRuleInfo {
  const rule = readAlertRules(ruleFiles).find((r) => r.alert === alert);
  if (!rule) throw new Error(`${alert} is not in ${ruleFiles.join(', ')}`);
  return rule;
}

/** The named alert's ratio rule as the given rule files define it. */
export function ratioRuleOf(alert: string, ruleFiles: readonly string[]): RatioRule {
  const rule = alertRuleOf(alert, ruleFiles);
  return parseRatioRule(alert, rule.expr, rule.forMs);
}

/** One workload's (one `by` combination's) counts, at the sampler's instants from its first sample on. */
interface GroupSeries {
  labels: Record<string, string>;
  /** True when the group already had counts at the sampler's first sample: before that they are unknown, not 0. */
  seenAtStart: boolean;
  /** The sample instant before the group's first one: its first sample is late by at most the gap from there. */
  bornAfter: number;
  t: number[];
  num: number[];
  den: number[];
}

/** How one series' labels fall under the rule, worked out once per series (label bodies never change). */
interface SeriesRole {
  group: string | null;
  groupLabels: Record<string, string>;
  num: boolean;
  den: boolean;
}

export interface ConditionInstant {
  /** The first sample instant at which the condition held. */
  at: number;
  /** The gap to the sample before it: the condition began within (at − lateByAtMostMs, at]. */
  lateByAtMostMs: number;
}

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseLabelBody(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of body.matchAll(LABEL_PAIR)) out[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return out;
}

const matches = (labels: Record<string, string>, want: Readonly<Record<string, string>>): boolean =>
  Object.entries(want).every(([k, v]) => (labels[k] ?? '') === v);

export class RuleGroundTruth extends PeriodicSampler {
  private readonly groups = new Map<string, GroupSeries>();
  private readonly roles = new Map<string, SeriesRole>();

  /** Start it (`start`) before traffic flows, so a window reaching back before the first sample is known to hold zero. */
  constructor(
    readonly rule: RatioRule,
    private readonly counts: RequestCounts,
    clock: Clock,
    periodMs = 10,
  ) {
    super(clock, periodMs);
  }

  private role(body: string): SeriesRole {
    let r = this.roles.get(body);
    if (r === undefined) {
      const labels = parseLabelBody(body);
      const groupLabels = Object.fromEntries(this.rule.by.map((l) => [l, labels[l] ?? '']));
      const num = matches(labels, this.rule.numerator);
      const den = matches(labels, this.rule.denominator);
      r = { group: num || den ? groupKey(this.rule.by, groupLabels) : null, groupLabels, num, den };
      this.roles.set(body, r);
    }
    return r;
  }

  protected take(at: number, previousAt: number | undefined): void {
    const sums = new Map<string, { labels: Record<string, string>; num: number; den: number }>();
    this.counts.forEachRequestCount((body, requests) => {
      const r = this.role(body);
      if (r.group === null) return;
      let s = sums.get(r.group);
      if (s === undefined) sums.set(r.group, (s = { labels: r.groupLabels, num: 0, den: 0 }));
      if (r.num) s.num += requests;
      if (r.den) s.den += requests;
    });
    const first = previousAt === undefined;
    for (const [key, s] of sums) {
      let g = this.groups.get(key);
      if (g === undefined)
        this.groups.set(
          key,
          (g = { labels: s.labels, seenAtStart: first && (s.num > 0 || s.den > 0), bornAfter: previousAt ?? at, t: [], num: [], den: [] }),
        );
      g.t.push(at);
      g.num.push(s.num);
      g.den.push(s.den);
    }
  }

  /**
   * The first sample instant ≥ `fromMs` at which, for the group with these `by`
   * label values, (num(t) − num(t − W)) / (den(t) − den(t − W)) > T on the
   * exact counts; undefined if it has not held (yet).
   */
  firstConditionAt(group: Readonly<Record<string, string>>, fromMs: number): ConditionInstant | undefined {
    const g = this.groups.get(groupKey(this.rule.by, group));
    if (!g) return undefined;
    const { windowMs, threshold } = this.rule;
    let k = lowerBound(g.t, fromMs);
    // j: the last sample at or before t_k − W (counts are step functions: that is their value at t_k − W).
    let j = -1;
    for (; k < g.t.length; k++) {
      const tk = g.t[k]!;
      while (j + 1 < k && g.t[j + 1]! <= tk - windowMs) j++;
      let baseNum = 0;
      let baseDen = 0;
      if (j >= 0) {
        baseNum = g.num[j]!;
        baseDen = g.den[j]!;
      } else if (g.seenAtStart) {
        continue; // the window reaches back before the first sample, when this group already had counts: unknown.
      }
      const den = g.den[k]! - baseDen;
      // 0/0 is NaN in PromQL, and NaN > T is false: no traffic, no condition.
      if (den > 0 && (g.num[k]! - baseNum) / den > threshold) {
        return { at: tk, lateByAtMostMs: tk - (k > 0 ? g.t[k - 1]! : g.bornAfter) };
      }
    }
    return undefined;
  }
}

function groupKey(by: readonly string[], labels: Readonly<Record<string, string>>): string {
  return by.map((l) => labels[l] ?? '').join('\u0000');
}

/** The first index whose value is ≥ x (values ascending). */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
