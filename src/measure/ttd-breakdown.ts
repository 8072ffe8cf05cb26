/**
 * TTD taken apart, so a reader sees which knob would make detection faster:
 * the fault takes a while to hurt (fault → symptom), the symptom takes a
 * while to reach the rule's condition (metrics exposed, scraped, evaluated,
 * rate windows filling), the condition may fall back before `for` has passed
 * (Prometheus then starts `for` again on the next hold), the rule waits its
 * `for`, and the notification takes a while to arrive. Parts are measured
 * from the timeline, never assumed; one that cannot be measured is null and
 * says why.
 */
import type { Detection } from './detection.js';
import { instanceKey, type AlertEvent } from './alert-history.js';
import type { TimelineEvent } from '../timeline.js';

export interface TtdPart {
  name: 'fault-to-symptom' | 'symptom-to-condition' | 'condition-fell-back' | 'rule-for' | 'notification';
  ms: number | null;
  definition: string;
  reason?: string;
}

export interface TtdBreakdown {
  alert: string;
  /** The symptom the first part ends at: a failed request the target served, or a target event. */
  symptom: { at: number; what: string } | null;
  /** How many holds of the condition since t_inject ended before the one that fired; absent when none did. */
  fallBacks?: number;
  parts: TtdPart[];
}

/** Target events that are themselves the harm (not the fault's own actions, like Killing). */
const SYMPTOM_REASONS = new Set(['OOMKilled', 'BackOff', 'ErrImagePull', 'ImagePullBackOff', 'Failed', 'FailedCreate', 'Unhealthy']);

const DEF = {
  'fault-to-symptom': 't_inject → the first symptom the target recorded at or after it (a failed request the simulator served, or a target event such as OOMKilled or ErrImagePull) and no later than the condition: how long the fault took to hurt.',
  'symptom-to-condition': "symptom (or t_inject without one) → the rule's condition first true after t_inject (Prometheus activeAt): metrics exposed, scraped, evaluated, rate windows filled.",
  'condition-fell-back':
    "the condition first true → true again for the hold that fired (its activeAt): the condition fell back before `for` had passed, and Prometheus starts `for` again on the next hold (rules/alerting.go in prometheus/prometheus). Only when it did.",
  'rule-for': "activeAt → firing: the rule's `for`, on evaluation ticks.",
  notification: 'firing → the harness heard of it (webhook or poll).',
} as const;

export function ttdBreakdown(events: readonly TimelineEvent[], detection: Detection): TtdBreakdown | null {
  const by = detection.detectedBy;
  const tInject = detection.tInject;
  if (!by || tInject === null) return null;
  const firings = events.filter(
    (e): e is Extract<TimelineEvent, { kind: 'alert' }> => e.kind === 'alert' && e.state === 'firing' && e.alert === by.alert && e.at === by.at,
  );
  // Prometheus' own record carries activeAt; Alertmanager's notification of the same firing does not.
  const firing = firings.find((e) => e.source === 'prometheus') ?? firings[0];
  const activeAt = firing?.activeAt ?? null;
  const earlier = firing && activeAt !== null ? earlierHolds(events, firing, tInject, activeAt) : [];
  const firstHeld = earlier[0] ?? activeAt;
  const symptom = firstSymptom(events, tInject, firstHeld ?? by.at);
  const part = (name: TtdPart['name'], ms: number | null, reason?: string): TtdPart => ({ name, ms, definition: DEF[name], ...(ms === null && reason ? { reason } : {}) });
  // Holds before the one that fired imply both instants; the null checks are for the type checker.
  const fellBack = activeAt !== null && firstHeld !== null && earlier.length > 0;
  return {
    alert: by.alert,
    symptom,
    ...(fellBack ? { fallBacks: earlier.length } : {}),
    parts: [
      part('fault-to-symptom', symptom ? symptom.at - tInject : null, 'the target recorded no symptom before the condition held'),
      part('symptom-to-condition', firstHeld === null ? null : firstHeld - (symptom?.at ?? tInject), 'Prometheus gave no activeAt for this alert'),
      ...(fellBack ? [part('condition-fell-back', activeAt - firstHeld)] : []),
      part('rule-for', activeAt === null ? null : by.at - activeAt, 'Prometheus gave no activeAt for this alert'),
      part('notification', firing ? firing.heardAt - firing.at : null, 'the firing was not heard from Prometheus'),
    ],
  };
}

/**
 * The starts (activeAt) of the holds of the firing instance's condition that
 * began at or after t_inject and ended before the hold that fired, earliest
 * first. Prometheus reports each hold with its own activeAt, on its pending,
 * firing and resolved transitions alike.
 */
function earlierHolds(events: readonly TimelineEvent[], firing: AlertEvent, tInject: number, activeAt: number): number[] {
  const key = instanceKey(firing);
  const starts = new Set<number>();
  for (const e of events) {
    if (e.kind !== 'alert' || e.source !== 'prometheus' || e.activeAt === undefined) continue;
    if (e.activeAt >= tInject && e.activeAt < activeAt && instanceKey(e) === key) starts.add(e.activeAt);
  }
  return [...starts].sort((a, b) => a - b);
}

function firstSymptom(events: readonly TimelineEvent[], from: number, until: number): { at: number; what: string } | null {
  let best: { at: number; what: string } | null = null;
  for (const e of events) {
    if (e.at < from || e.at > until) continue;
    const what = e.kind === 'symptom' ? e.what : e.kind === 'target' && SYMPTOM_REASONS.has(e.reason) ? `${e.reason} ${e.object}` : null;
    if (what !== null && (best === null || e.at < best.at)) best = { at: e.at, what };
  }
  return best;
}
