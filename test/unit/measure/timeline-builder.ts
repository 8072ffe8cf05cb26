/**
 * Hand-built timelines for the measurement tests. Seconds are written as a
 * pattern, one character per second from T0:
 *   o ok (100 requests, 0 failures, p99 50 ms)   x failing (50 of 100 fail, p99 900 ms)
 *   s slow (0 failures, p99 900 ms)              . no SLI event (missing data)
 */
import type { MeasureSpec } from '../../../src/measure/measure.js';
import type { AlertState, TimelineEvent } from '../../../src/timeline.js';

export const T0 = Date.UTC(2026, 10, 24, 7, 0, 0);

/** Instant `s` seconds after T0. */
export const at = (s: number): number => T0 + Math.round(s * 1000);

type Sli = Extract<TimelineEvent, { kind: 'sli' }>;

export function sli(s: number, requests: number, failures: number, p99Ms: number | null, byNamespace?: Sli['byNamespace']): Sli {
  const e: Sli = {
    kind: 'sli',
    at: at(s),
    requests,
    failures,
    byStatus: { '200': requests - failures, '503': failures },
    p50Ms: p99Ms === null ? null : p99Ms / 2,
    p99Ms,
  };
  return byNamespace ? { ...e, byNamespace } : e;
}

export function seconds(pattern: string, fromSecond = 0): Sli[] {
  const out: Sli[] = [];
  [...pattern].forEach((c, i) => {
    const s = fromSecond + i;
    if (c === 'o') out.push(sli(s, 100, 0, 50));
    else if (c === 'x') out.push(sli(s, 100, 50, 900));
    else if (c === 's') out.push(sli(s, 100, 0, 900));
    else if (c !== '.') throw new Error(`unknown second pattern character ${c}`);
  });
  return out;
}

export function alert(name: string, state: AlertState, s: number, labels: Record<string, string> = {}): TimelineEvent {
  return {
    kind: 'alert',
    at: at(s),
    alert: name,
    state,
    labels: { alertname: name, ...labels },
    heardAt: at(s) + 400,
    source: 'prometheus',
  };
}

export function inject(s: number, fault = 'oom', type = 'istiod-oom'): TimelineEvent {
  return { kind: 'fault.inject', at: at(s), fault, type, operations: [`set memory limit of ${fault}`] };
}

export function revert(s: number, fault = 'oom', ok = true): TimelineEvent {
  return { kind: 'fault.revert', at: at(s), fault, operations: [], ok };
}

export function action(s: number, by: 'responder' | 'trainee' | 'harness' = 'responder', ok = true): TimelineEvent {
  return { kind: 'action', at: at(s), by, action: 'move tag stable back', ok };
}

export function unavailable(from: number, until: number): TimelineEvent {
  return { kind: 'detection.unavailable', at: at(from), until: at(until), reason: 'prometheus unreachable' };
}

/** Orders by instant, like a recorded timeline read back. */
export function timeline(...parts: (TimelineEvent | TimelineEvent[])[]): TimelineEvent[] {
  return parts.flat().sort((a, b) => a.at - b.at);
}

export function spec(over: Partial<{ [K in keyof MeasureSpec]: Partial<MeasureSpec[K]> }> = {}): MeasureSpec {
  return {
    steadyState: { minSuccessRate: 0.99, maxP99Ms: 500, noFiringAlerts: true, windowMs: 5000, timeoutMs: 60_000, ...over.steadyState },
    detection: { expect: ['IstiodDown'], deadlineMs: 60_000, ...over.detection },
    recovery: { actions: [], deadlineMs: 120_000, ...over.recovery },
    objectives: { ttdMs: 30_000, ttrMs: 60_000, ...over.objectives },
  };
}
