/**
 * From the alert instances known before a reading and the reading itself,
 * the timeline events for what changed: pending, firing, resolved. Pure.
 */
import type { TimelineEvent } from '../timeline.js';
import type { AlertSnapshot, ObservedAlert } from './alert-snapshot.js';
import { firingInstant, resolvedInstant } from './firing-instant.js';

export type AlertEvent = Extract<TimelineEvent, { kind: 'alert' }>;

/** What the watcher remembers of an instance between readings. */
export type KnownAlert = ObservedAlert;

export interface Transitions {
  events: AlertEvent[];
  known: Map<string, KnownAlert>;
}

export function alertTransitions(known: ReadonlyMap<string, KnownAlert>, snap: AlertSnapshot, now: number): Transitions {
  const events: AlertEvent[] = [];
  const event = (a: ObservedAlert, state: AlertEvent['state'], at: number): void => {
    events.push({ kind: 'alert', at, alert: a.alert, state, labels: a.labels, activeAt: a.activeAt, heardAt: now, source: 'prometheus' });
  };
  const fired = (a: ObservedAlert): number => firingInstant(a.activeAt, a.forMs, a.intervalMs);
  const next = new Map<string, KnownAlert>();

  for (const [key, prev] of known) {
    const cur = snap.alerts.get(key);
    if (cur && cur.activeAt === prev.activeAt) continue;
    if (cur) {
      // Gone and back between two readings: it resolved no later than the tick before it re-activated.
      event(prev, 'resolved', cur.activeAt - cur.intervalMs);
    } else {
      const timing = snap.rules.get(prev.alert);
      const interval = timing?.intervalMs ?? prev.intervalMs;
      event(prev, 'resolved', Math.max(prev.activeAt, resolvedInstant(prev.activeAt, timing?.lastEvaluation ?? null, interval, now)));
    }
  }

  for (const [key, cur] of snap.alerts) {
    const prev = known.get(key);
    const same = prev !== undefined && prev.activeAt === cur.activeAt;
    // With `for: 0s` Prometheus fires on the first true evaluation: there is no pending span.
    if (!same && cur.forMs > 0) event(cur, 'pending', cur.activeAt);
    if (cur.state === 'firing' && (!same || prev.state === 'pending')) event(cur, 'firing', fired(cur));
    next.set(key, cur);
  }

  events.sort((a, b) => a.at - b.at);
  return { events, known: next };
}
