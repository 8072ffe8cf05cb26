/**
 * One reading of Prometheus' alert state, flattened: every active alert
 * instance with what its rule says about it (`for`, evaluation interval,
 * last evaluation). Pure, so transitions are unit-tested without a server.
 */
import type { PromAlert, PromRuleGroup } from './prometheus-api.js';

export interface ObservedAlert {
  /** alertname + sorted labels: one alert instance. */
  key: string;
  alert: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: number;
  forMs: number;
  intervalMs: number;
  /** Wall-clock start of the rule's last evaluation, epoch ms; null when unknown. */
  lastEvaluation: number | null;
}

export interface RuleTiming {
  forMs: number;
  intervalMs: number;
  lastEvaluation: number | null;
}

export interface AlertSnapshot {
  alerts: Map<string, ObservedAlert>;
  /** Per alert name (first rule of that name), for instances that left the alert list. */
  rules: Map<string, RuleTiming>;
}

export function alertKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function ms(rfc3339: string | undefined): number | null {
  if (!rfc3339) return null;
  const t = Date.parse(rfc3339);
  // Go's zero time means "never evaluated".
  return Number.isNaN(t) || t <= 0 ? null : t;
}

/**
 * Builds a snapshot from `/api/v1/rules?type=alert` (each rule's alerts
 * with its `for` and last evaluation, read together) and `/api/v1/alerts`
 * (the same alerts, read a moment apart). An instance listed by either is
 * active, so a reading that straddles an evaluation never loses one.
 */
export function alertSnapshot(groups: readonly PromRuleGroup[], alerts: readonly PromAlert[]): AlertSnapshot {
  const rules = new Map<string, RuleTiming>();
  const out = new Map<string, ObservedAlert>();
  const add = (a: PromAlert, timing: RuleTiming): void => {
    const activeAt = ms(a.activeAt);
    const alert = a.labels.alertname;
    if (activeAt === null || !alert || (a.state !== 'pending' && a.state !== 'firing')) return;
    const key = alertKey(a.labels);
    const seen = out.get(key);
    // Prefer the firing reading when the two sources straddle the firing evaluation.
    if (seen && (seen.state === 'firing' || a.state === 'pending')) return;
    out.set(key, { key, alert, labels: { ...a.labels }, state: a.state, activeAt, ...timing });
  };

  for (const g of groups) {
    for (const r of g.rules) {
      if (r.type !== 'alerting') continue;
      const timing: RuleTiming = {
        forMs: Math.round(r.duration * 1000),
        intervalMs: Math.round(g.interval * 1000),
        lastEvaluation: ms(r.lastEvaluation) ?? ms(g.lastEvaluation),
      };
      if (!rules.has(r.name)) rules.set(r.name, timing);
      for (const a of r.alerts ?? []) add(a, timing);
    }
  }
  for (const a of alerts) {
    const timing = rules.get(a.labels.alertname ?? '');
    if (timing) add(a, timing);
  }
  return { alerts: out, rules };
}
