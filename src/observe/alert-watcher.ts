/**
 * The source of truth for alert transitions. It reads Prometheus' rules
 * and alerts on every webhook notification (the fast trigger) and on a poll
 * interval, and emits `alert` events with Prometheus' own instants. When
 * Prometheus does not answer it emits a `detection.unavailable` span and
 * keeps what it knew: no answer is never read as "no alert".
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { TimelineEvent } from '../timeline.js';
import { silentLogger } from '../log.js';
import type { PromAlert, PromRuleGroup } from './prometheus-api.js';
import { alertSnapshot, alertKey } from './alert-snapshot.js';
import { alertTransitions, type KnownAlert } from './alert-transitions.js';
import type { NotificationListener, WebhookNotification } from './webhook.js';
import { errorText } from '../errors.js';

/** The part of the Prometheus client the watcher reads. */
export interface AlertSource {
  rules(): Promise<PromRuleGroup[]>;
  alerts(): Promise<PromAlert[]>;
}

export interface AlertWatcherOptions {
  prometheus: AlertSource;
  clock: Clock;
  emit: (e: TimelineEvent) => void;
  /** Default 500 ms: below the evaluation interval, so resolution instants are exact. */
  pollIntervalMs?: number;
  /** Notifications trigger an immediate reading. */
  webhook?: { on(listener: NotificationListener): () => void };
  /** Also record Alertmanager's notifications as `source: 'alertmanager'` events (default true). */
  recordNotifications?: boolean;
  log?: Logger;
}

export class AlertWatcher {
  private known = new Map<string, KnownAlert>();
  private ruleNames: string[] = [];
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private lastOkAt: number | undefined;
  private down: { since: number; reason: string } | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly notified = new Set<string>();
  private readonly log: Logger;
  private readonly lags: number[] = [];

  constructor(private readonly opts: AlertWatcherOptions) {
    this.log = opts.log ?? silentLogger();
  }

  /** Starts polling (and listening to the webhook). */
  start(): void {
    if (this.loop) return;
    this.lastOkAt = this.opts.clock.now();
    this.unsubscribe = this.opts.webhook?.on((n) => this.onNotification(n));
    this.loop = this.run();
  }

  /** Stops polling; an open unavailability span is closed at now. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.unsubscribe?.();
    await this.loop;
    await this.inFlight;
    this.closeOutage();
  }

  /** Reads Prometheus now (coalesced with a reading already under way). */
  poll(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again && !this.stopping.signal.aborted);
    })().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Alert instances pending or firing as of the last answer. */
  active(): KnownAlert[] {
    return [...this.known.values()];
  }

  /** Names of alerts firing as of the last answer. */
  firing(): string[] {
    return [...new Set([...this.known.values()].filter((a) => a.state === 'firing').map((a) => a.alert))];
  }

  /** Alert rule names Prometheus has loaded, as of the last answer. */
  rules(): string[] {
    return [...this.ruleNames];
  }

  /** Whether the last reading failed (detection currently unknown). */
  get unavailable(): boolean {
    return this.down !== undefined;
  }

  /** Milliseconds from Prometheus' firing instant to the webhook hearing of it, per notification. */
  notificationLags(): number[] {
    return [...this.lags];
  }

  private async run(): Promise<void> {
    const interval = this.opts.pollIntervalMs ?? 500;
    while (!this.stopping.signal.aborted) {
      await this.poll();
      await this.opts.clock.sleep(interval, this.stopping.signal).catch(() => undefined);
    }
  }

  private async readOnce(): Promise<void> {
    let groups: PromRuleGroup[];
    let alerts: PromAlert[];
    // An answer tells the alerts' state at some instant between asking and hearing back, so what is
    // known runs to the asking: an outage that follows is unknown from there, never from the hearing.
    const asked = this.opts.clock.now();
    try {
      [groups, alerts] = await Promise.all([this.opts.prometheus.rules(), this.opts.prometheus.alerts()]);
    } catch (err) {
      const reason = errorText(err);
      if (!this.down) {
        this.down = { since: this.lastOkAt ?? this.opts.clock.now(), reason };
        this.log.warn({ event: 'detection.unavailable', reason }, 'Prometheus did not answer; alert state unknown');
      }
      return;
    }
    const now = this.opts.clock.now();
    this.closeOutage(now);
    this.lastOkAt = asked;
    const snap = alertSnapshot(groups, alerts);
    this.ruleNames = [...snap.rules.keys()];
    const { events, known } = alertTransitions(this.known, snap, now);
    this.known = known;
    for (const e of events) {
      // One rule can fire once per label set (per namespace, per pod): say which instance this is.
      const instance = Object.entries(e.labels)
        .filter(([k]) => k !== 'alertname' && k !== 'severity')
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      this.log.info({ event: `alert.${e.state}`, alert: e.alert, labels: e.labels, at: e.at, heardAt: e.heardAt }, `${e.alert} ${e.state}${instance ? ` {${instance}}` : ''}`);
      this.opts.emit(e);
    }
  }

  private closeOutage(now = this.opts.clock.now()): void {
    if (!this.down) return;
    this.opts.emit({ kind: 'detection.unavailable', at: this.down.since, until: now, reason: this.down.reason });
    this.down = undefined;
  }

  private onNotification(n: WebhookNotification): void {
    void this.poll();
    if (this.opts.recordNotifications === false) return;
    for (const a of n.payload.alerts) {
      const at = a.status === 'firing' ? a.startsAt : (a.endsAt ?? n.receivedAt);
      // Alertmanager repeats a notification when the group is re-sent; one event per change.
      const id = `${alertKey(a.labels)}|${a.status}|${a.startsAt}`;
      if (this.notified.has(id)) continue;
      this.notified.add(id);
      if (a.status === 'firing') this.lags.push(n.receivedAt - a.startsAt);
      this.opts.emit({
        kind: 'alert',
        at,
        alert: a.labels.alertname ?? '',
        state: a.status,
        labels: a.labels,
        heardAt: n.receivedAt,
        source: 'alertmanager',
      });
    }
  }
}
