/**
 * The spans during which part of the observation could not see: the API
 * server not answering (Prometheus scrapes a cluster through it, and the
 * adapter's mutations wait for it), and the harness' own Prometheus not
 * answering (killed, or restarting). Each is reported with its start and end,
 * and a Prometheus span with the harness' restarts inside it, so a result
 * says how long the run was blind and why, beside what it measured.
 */
import type { TimelineEvent } from '../timeline.js';
import type { UnavailableSpan } from './detection.js';
import type { BlindSpan } from './steady-state.js';

export interface ObserverGap {
  component: 'api-server' | 'prometheus';
  from: number;
  to: number;
  reason: string;
  /** Prometheus only: the harness' restarts of it during the span (same port and data directory). */
  restarts?: { at: number; attempt: number; ok: boolean; error?: string }[];
}

type RestartEvent = Extract<TimelineEvent, { kind: 'observer.restart' }>;

export function observerGaps(timeline: readonly TimelineEvent[], blind: readonly BlindSpan[], end: number): ObserverGap[] {
  const restarts = timeline.filter((e): e is RestartEvent => e.kind === 'observer.restart');
  const gaps: ObserverGap[] = blind.map((b) => ({
    component: 'api-server',
    from: b.from,
    to: b.to ?? Math.max(b.from, end),
    reason: `the API server did not answer: ${b.reason}`,
  }));
  for (const u of timeline.filter((e): e is UnavailableSpan => e.kind === 'detection.unavailable')) {
    const inside = restarts.filter((r) => r.component === 'prometheus' && r.at >= u.at && r.at <= u.until);
    gaps.push({
      component: 'prometheus',
      from: u.at,
      to: u.until,
      reason: u.reason,
      restarts: inside.map((r) => ({ at: r.at, attempt: r.attempt, ok: r.ok, ...(r.error === undefined ? {} : { error: r.error }) })),
    });
  }
  return gaps.sort((a, b) => a.from - b.from);
}

/** An API server span seen as a detection span: Prometheus could not scrape the cluster through it. */
export function blindAsUnavailable(blind: readonly BlindSpan[], end: number): UnavailableSpan[] {
  return blind.map((b) => ({
    kind: 'detection.unavailable',
    at: b.from,
    until: b.to ?? Math.max(b.from, end),
    reason: `the API server was unreachable, so Prometheus could not scrape the cluster (${b.reason})`,
  }));
}
