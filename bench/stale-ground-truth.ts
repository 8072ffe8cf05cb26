/**
 * The ground truth of `ProxiesStale` on the simulator: the share of each
 * revision's connected proxies whose config is STALE, read from the model's
 * own `istioctl proxy-status` counts every `periodMs`: the first instant the
 * rule's condition (that share above its threshold) held, and how often it
 * fell back below afterwards. The alert's pending state (its firing instant
 * minus `for`) cannot begin before that instant; how much later it began is
 * what the observation added, unless the share fell back meanwhile, which
 * restarts the `for`.
 *
 * The threshold and `for` come from the rule as loaded, which must still
 * have the shape `sum by (revision) (gameday_proxy_status{status="STALE"}) /
 * sum by (revision) (gameday_proxy_status) > T`.
 */
import type { Clock } from '../src/clock.js';
import type { ProxyStatusCount } from '../src/targets/sim/model/readings.js';
import { PeriodicSampler } from './periodic-sampler.js';
import { alertRuleOf } from './rule-ground-truth.js';

const SHAPE =
  /^\s*sum\s+by\s*\(\s*revision\s*\)\s*\(\s*gameday_proxy_status\s*\{\s*status\s*=\s*"STALE"\s*\}\s*\)\s*\/\s*sum\s+by\s*\(\s*revision\s*\)\s*\(\s*gameday_proxy_status\s*\)\s*>\s*([0-9]*\.?[0-9]+)\s*$/;

export interface StaleRule {
  threshold: number;
  forMs: number;
}

/** ProxiesStale as the given rule files define it. */
export function staleRuleOf(ruleFiles: readonly string[]): StaleRule {
  const rule = alertRuleOf('ProxiesStale', ruleFiles);
  return parseStaleRule(rule.expr, rule.forMs);
}

/** The threshold of a rule of ProxiesStale's shape, or a clear error saying it no longer has it. */
export function parseStaleRule(expr: string, forMs: number): StaleRule {
  const m = SHAPE.exec(expr);
  if (!m) throw new Error(`ProxiesStale no longer reads "STALE share of gameday_proxy_status per revision > T": ${expr.trim()}`);
  return { threshold: Number(m[1]), forMs };
}

interface Sample {
  at: number;
  /** Per revision, the STALE share of its connected proxies (absent when none is connected: the rule divides by zero). */
  shares: Map<string, number>;
}

export class StaleGroundTruth extends PeriodicSampler {
  private readonly samples: Sample[] = [];

  constructor(
    readonly rule: StaleRule,
    private readonly counts: () => readonly ProxyStatusCount[] | null,
    clock: Clock,
    periodMs = 200,
  ) {
    super(clock, periodMs);
  }

  /**
   * The first sampled instant at or after `from` at which some revision's
   * share was above the threshold, with the revision and how much later than
   * the condition's true start that sample may be (the gap to the sample
   * before); null when it never was in the samples taken.
   */
  conditionFrom(from: number): { at: number; revision: string; lateByMs: number } | null {
    for (let i = 0; i < this.samples.length; i++) {
      const s = this.samples[i]!;
      if (s.at < from) continue;
      for (const [revision, share] of s.shares)
        if (share > this.rule.threshold) return { at: s.at, revision, lateByMs: i > 0 ? s.at - this.samples[i - 1]!.at : 0 };
    }
    return null;
  }

  /** How often the revision's share fell back to the threshold or below in `[from, to]`: each such fall restarts the rule's `for`. */
  fallsBetween(revision: string, from: number, to: number): number {
    let above = false;
    let falls = 0;
    for (const s of this.samples) {
      if (s.at < from || s.at > to) continue;
      const now = (s.shares.get(revision) ?? 0) > this.rule.threshold;
      if (above && !now) falls++;
      above = now;
    }
    return falls;
  }

  protected take(at: number): void {
    const rows = this.counts();
    if (!rows) return;
    const shares = new Map<string, number>();
    for (const r of rows) {
      const all = r.overall.synced + r.overall.stale + r.overall.notSent;
      if (all > 0) shares.set(r.revision, r.overall.stale / all);
    }
    this.samples.push({ at, shares });
  }
}
