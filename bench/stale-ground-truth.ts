/**
 * The ground truth of `ProxiesStale` on the simulator: the share of each
 * revision's connected proxies whose config is STALE, read from the model's
 * own `istioctl proxy-status` counts every `periodMs`, and the first instant
 * the rule's condition (that share above its threshold) began to hold
 * without a break for the rule's whole `for`. The earliest the alert could
 * fire with perfect, continuous observation is that instant plus `for`.
 *
 * The threshold and `for` come from the rule as loaded, which must still
 * have the shape `sum by (revision) (gameday_proxy_status{status="STALE"}) /
 * sum by (revision) (gameday_proxy_status) > T`.
 */
import type { Clock } from '../src/clock.js';
import type { ProxyStatusCount } from '../src/targets/sim/model/readings.js';
import { PeriodicSampler } from './periodic-sampler.js';

const SHAPE =
  /^\s*sum\s+by\s*\(\s*revision\s*\)\s*\(\s*gameday_proxy_status\s*\{\s*status\s*=\s*"STALE"\s*\}\s*\)\s*\/\s*sum\s+by\s*\(\s*revision\s*\)\s*\(\s*gameday_proxy_status\s*\)\s*>\s*([0-9]*\.?[0-9]+)\s*$/;

export interface StaleRule {
  threshold: number;
  forMs: number;
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
   * share went above the threshold and stayed there through `for`, with the
   * revision and how much later than the condition's true start that
   * sample may be (the gap to the sample before); null when that never
   * happened in the samples taken.
   */
  conditionHeldFrom(from: number): { at: number; revision: string; lateByMs: number } | null {
    const since = new Map<string, { at: number; lateByMs: number }>();
    for (let i = 0; i < this.samples.length; i++) {
      const s = this.samples[i]!;
      if (s.at < from) continue;
      for (const [revision, share] of s.shares) {
        if (share > this.rule.threshold) {
          // The condition began after the sample before this one: at most that gap earlier.
          const start = since.get(revision) ?? { at: s.at, lateByMs: i > 0 ? s.at - this.samples[i - 1]!.at : 0 };
          since.set(revision, start);
          if (s.at - start.at >= this.rule.forMs) return { at: start.at, revision, lateByMs: start.lateByMs };
        } else since.delete(revision);
      }
      for (const revision of since.keys()) if (!s.shares.has(revision)) since.delete(revision);
    }
    return null;
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
