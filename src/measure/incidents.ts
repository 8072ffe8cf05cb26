/**
 * Incidents after an injection: onset, recovery, relapse (DEFINITIONS.ttr).
 * A second is "clear" when it holds the steady-state hypothesis and no
 * expected alert fired at any instant of it; the incident begins at the first
 * second that is not clear and ends at the start of the first run of clear
 * seconds spanning the steady-state window.
 */
import type { AlertFilter } from './alert-history.js';
import { SECOND_MS } from './seconds.js';
import {
  firstClearWindow,
  unknownOnly,
  windowSeconds,
  type SecondBreak,
  type SecondVerdict,
  type SteadyStateTracker,
} from './steady-state.js';

export type OnsetCause = SecondBreak | 'expected-alert';

export interface Incident {
  onsetAt: number;
  causes: OnsetCause[];
  /** Start of the confirming window; null if not confirmed by the horizon. */
  recoveredAt: number | null;
}

export interface IncidentAnalysis {
  incidents: Incident[];
  /** Seconds from the one containing t_inject to the horizon, as judged. */
  seconds: SecondVerdict[];
}

export function analyseIncidents(tracker: SteadyStateTracker, expected: AlertFilter, tInject: number, horizon: number): IncidentAnalysis {
  const seconds = tracker.verdicts(tInject, horizon);
  const expectedIn = (v: SecondVerdict): boolean => tracker.alerts.firingDuring(expected, v.at, v.at + SECOND_MS);
  const clear = (v: SecondVerdict): boolean => v.holds && !expectedIn(v);
  // A second nobody could observe (the API server unreachable) is neither clear nor an onset: it
  // breaks a recovery window, and it never starts an incident.
  const onset = (v: SecondVerdict): boolean => !clear(v) && !(unknownOnly(v) && !expectedIn(v));
  const windowMs = tracker.spec.windowMs;
  const incidents: Incident[] = [];
  let i = seconds.findIndex(onset);
  while (i >= 0) {
    const v = seconds[i]!;
    const causes: OnsetCause[] = [...v.breaks];
    if (expectedIn(v)) causes.push('expected-alert');
    const recoveredAt = firstClearWindow(seconds, windowMs, clear, i + 1);
    incidents.push({ onsetAt: onsetInstant(tracker, expected, v, causes, tInject), causes, recoveredAt });
    if (recoveredAt === null) break;
    const after = seconds.findIndex((s) => s.at === recoveredAt) + windowSeconds(windowMs);
    const next = seconds.slice(after).findIndex(onset);
    i = next < 0 ? -1 : after + next;
  }
  return { incidents, seconds };
}

/**
 * An SLI second is only known as a whole, so an SLI-caused onset is the start
 * of its second (or t_inject inside it); an alert-caused one is the alert's
 * own firing instant, which Prometheus gives exactly.
 */
function onsetInstant(tracker: SteadyStateTracker, expected: AlertFilter, v: SecondVerdict, causes: OnsetCause[], tInject: number): number {
  const base = Math.max(v.at, tInject);
  if (causes.some((c) => c !== 'alert' && c !== 'expected-alert')) return base;
  const counts = (a: string): boolean => expected(a) || tracker.countedAlerts(a);
  const starts = tracker.alerts
    .firing(counts)
    .filter((f) => f.from < v.at + SECOND_MS && (f.to === null || f.to > v.at))
    .map((f) => f.from);
  return starts.length > 0 ? Math.max(base, Math.min(...starts)) : base;
}
