/**
 * Per alert name: its pending and firing episodes over the run (instances
 * with different labels merged, so a per-namespace alert is one row), and
 * how often it flapped (DEFINITIONS.flaps).
 */
import type { AlertHistory, AlertInterval } from './alert-history.js';

export interface Span {
  from: number;
  to: number | null;
}

export interface AlertSummary {
  alert: string;
  expected: boolean;
  /** Firing episodes (merged across instances). */
  firings: number;
  flaps: number;
  firstFiringAt: number | null;
  pending: Span[];
  firing: Span[];
}

export function summariseAlerts(history: AlertHistory, expected: readonly string[]): AlertSummary[] {
  const names = [...new Set([...expected, ...history.intervals().map((i) => i.alert)])];
  return names.map((alert) => {
    const mine = history.intervals().filter((i) => i.alert === alert);
    const firing = mergeSpans(mine.filter((i) => i.state === 'firing'));
    const pending = mergeSpans(mine.filter((i) => i.state === 'pending'));
    return {
      alert,
      expected: expected.includes(alert),
      firings: firing.length,
      flaps: Math.max(0, firing.length - 1),
      firstFiringAt: firing[0]?.from ?? null,
      pending,
      firing,
    };
  });
}

/** Union of intervals; touching intervals stay apart, since resolved-then-firing at one instant is still a cycle. */
function mergeSpans(intervals: readonly AlertInterval[]): Span[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const i of sorted) {
    const prev = out[out.length - 1];
    if (prev && (prev.to === null || i.from < prev.to)) {
      if (prev.to !== null) prev.to = i.to === null ? null : Math.max(prev.to, i.to);
    } else out.push({ from: i.from, to: i.to });
  }
  return out;
}
