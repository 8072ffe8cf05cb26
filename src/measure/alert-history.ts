/**
 * Alert transitions folded into intervals, per alert instance (name + label
 * set). Events may arrive out of order (an alert is heard after later SLI
 * seconds), so intervals are rebuilt from sorted transitions when asked.
 *
 * Prometheus is the source of truth for firing and resolution instants;
 * Alertmanager's webhook lags (group_wait, group_interval) and only says
 * firing/resolved, so an instance's Alertmanager events are used only when
 * Prometheus never reported that instance.
 */
import type { AlertState, TimelineEvent } from '../timeline.js';

export type AlertEvent = Extract<TimelineEvent, { kind: 'alert' }>;

export interface AlertInterval {
  alert: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  from: number;
  /** null: still in this state at the end of what was recorded. */
  to: number | null;
}

/** Which alert names a question is about. */
export type AlertFilter = (alert: string) => boolean;

export const anyAlert: AlertFilter = () => true;

export function alertsNamed(names: readonly string[]): AlertFilter {
  const set = new Set(names);
  return (a) => set.has(a);
}

interface Instance {
  alert: string;
  labels: Record<string, string>;
  prometheus: AlertEvent[];
  alertmanager: AlertEvent[];
}

/** One alert instance's identity: its name and labels, in a stable order (alertname is the name again). */
export function instanceKey(e: AlertEvent): string {
  const labels = Object.entries(e.labels)
    .filter(([k]) => k !== 'alertname')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([e.alert, labels]);
}

export class AlertHistory {
  private instances = new Map<string, Instance>();
  private cache: AlertInterval[] | null = null;

  add(e: AlertEvent): void {
    const key = instanceKey(e);
    let inst = this.instances.get(key);
    if (!inst) {
      inst = { alert: e.alert, labels: { ...e.labels }, prometheus: [], alertmanager: [] };
      this.instances.set(key, inst);
    }
    inst[e.source].push(e);
    this.cache = null;
  }

  /** Every pending and firing interval, ordered by start. */
  intervals(): AlertInterval[] {
    if (!this.cache) {
      const out: AlertInterval[] = [];
      for (const inst of this.instances.values()) out.push(...foldInstance(inst));
      out.sort((a, b) => a.from - b.from || (a.alert < b.alert ? -1 : a.alert > b.alert ? 1 : 0));
      this.cache = out;
    }
    return this.cache;
  }

  firing(filter: AlertFilter): AlertInterval[] {
    return this.intervals().filter((i) => i.state === 'firing' && filter(i.alert));
  }

  /** Whether an alert passing `filter` was firing at any instant of [from, to). */
  firingDuring(filter: AlertFilter, from: number, to: number): boolean {
    return this.firing(filter).some((i) => i.from < to && (i.to === null || i.to > from));
  }

  /** Whether an alert passing `filter` was firing at instant `t`. */
  firingAt(filter: AlertFilter, t: number): boolean {
    return this.firing(filter).some((i) => i.from <= t && (i.to === null || i.to > t));
  }

  /** Whether an alert passing `filter` is firing with no resolution recorded yet. */
  firingOpen(filter: AlertFilter): boolean {
    return this.firing(filter).some((i) => i.to === null);
  }

  /** Firing transitions (the instants alerts started firing) in [from, to], ordered. */
  firingsBetween(filter: AlertFilter, from: number, to: number): AlertInterval[] {
    return this.firing(filter).filter((i) => i.from >= from && i.from <= to);
  }
}

function foldInstance(inst: Instance): AlertInterval[] {
  const events = (inst.prometheus.length > 0 ? inst.prometheus : inst.alertmanager)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
  const out: AlertInterval[] = [];
  let open: AlertInterval | null = null;
  let state: AlertState = 'resolved';
  for (const e of events) {
    // A repeated report of the state we are in (polling, webhook repeats) is not a transition.
    if (e.state === state) continue;
    if (open) open.to = e.at;
    open = null;
    state = e.state;
    if (e.state !== 'resolved') {
      open = { alert: inst.alert, labels: inst.labels, state: e.state, from: e.at, to: null };
      out.push(open);
    }
  }
  return out;
}
