import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { AlertWatcher, type AlertSource } from '../../../src/observe/alert-watcher.js';
import type { PromAlert, PromRuleGroup } from '../../../src/observe/prometheus-api.js';
import type { NotificationListener } from '../../../src/observe/webhook.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A Prometheus whose one rule (for: 2s, 1 s interval, ticks at …250) the test drives. */
class FakePrometheus implements AlertSource {
  alert: { state: 'pending' | 'firing'; activeAt: number } | null = null;
  lastEvaluation = 0;
  down = false;
  reads = 0;
  private readonly labels = { alertname: 'IstiodUnavailable', namespace: 'istio-system', severity: 'critical' };

  private list(): PromAlert[] {
    if (!this.alert) return [];
    return [{ labels: this.labels, annotations: {}, state: this.alert.state, activeAt: iso(this.alert.activeAt), value: '0' }];
  }
  async rules(): Promise<PromRuleGroup[]> {
    this.reads++;
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:9090');
    const rule = {
      type: 'alerting' as const,
      name: 'IstiodUnavailable',
      query: 'x',
      duration: 2,
      labels: {},
      annotations: {},
      alerts: this.list(),
      health: 'ok',
      lastEvaluation: iso(this.lastEvaluation),
      state: this.alert?.state ?? ('inactive' as const),
    };
    return [{ name: 'g', file: 'r.yaml', rules: [rule], interval: 1, lastEvaluation: iso(this.lastEvaluation) }];
  }
  async alerts(): Promise<PromAlert[]> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:9090');
    return this.list();
  }
}

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const tick = (n: number): number => T + 250 + n * 1000;

describe('AlertWatcher (virtual clock, fake Prometheus)', () => {
  let clock: VirtualClock;
  let prom: FakePrometheus;
  let events: TimelineEvent[];
  let watcher: AlertWatcher;

  beforeEach(() => {
    clock = new VirtualClock(T);
    prom = new FakePrometheus();
    events = [];
    watcher = new AlertWatcher({ prometheus: prom, clock, emit: (e) => events.push(e), pollIntervalMs: 500 });
    watcher.start();
  });

  afterEach(async () => {
    await watcher.stop();
  });

  const alerts = (): { state: string; at: number; heardAt: number }[] =>
    events.flatMap((e) => (e.kind === 'alert' ? [{ state: e.state, at: e.at, heardAt: e.heardAt }] : []));

  it('emits pending at activeAt, firing at activeAt + for on the tick, resolved at the evaluation that cleared it', async () => {
    await clock.advance(1300);
    prom.alert = { state: 'pending', activeAt: tick(1) };
    prom.lastEvaluation = tick(1) + 3;
    await clock.advance(2000);
    prom.alert = { state: 'firing', activeAt: tick(1) };
    prom.lastEvaluation = tick(3) + 3;
    await clock.advance(500);
    expect(watcher.firing()).to.deep.equal(['IstiodUnavailable']);
    await clock.advance(3000);
    prom.alert = null;
    prom.lastEvaluation = tick(6) + 4;
    await clock.advance(500);

    const seen = alerts();
    expect(seen.map((a) => a.state)).to.deep.equal(['pending', 'firing', 'resolved']);
    expect(seen.map((a) => a.at)).to.deep.equal([tick(1), tick(3), tick(6)]);
    // heardAt is the watcher's clock when it read the change, never before the instant itself.
    for (const a of seen) expect(a.heardAt).to.be.at.least(a.at);
    expect(watcher.firing()).to.deep.equal([]);
  });

  it('reports an alert first seen already firing as pending then firing', async () => {
    prom.alert = { state: 'firing', activeAt: tick(-5) };
    prom.lastEvaluation = tick(0);
    await clock.advance(600);
    expect(alerts().map((a) => [a.state, a.at])).to.deep.equal([
      ['pending', tick(-5)],
      ['firing', tick(-3)],
    ]);
  });

  it('never reads "no answer" as "no alert": emits a detection.unavailable span and keeps the alert', async () => {
    prom.alert = { state: 'firing', activeAt: tick(-5) };
    prom.lastEvaluation = tick(0);
    await clock.advance(600);
    const lastOk = clock.now() - 100; // the poll at +500 ms
    prom.down = true;
    await clock.advance(3000);
    expect(watcher.unavailable).to.equal(true);
    expect(alerts().filter((a) => a.state === 'resolved')).to.deep.equal([]);
    expect(watcher.firing()).to.deep.equal(['IstiodUnavailable']);
    prom.down = false;
    prom.lastEvaluation = tick(4);
    await clock.advance(500);
    const gaps = events.filter((e) => e.kind === 'detection.unavailable');
    expect(gaps).to.have.length(1);
    expect(gaps[0]).to.include({ at: lastOk });
    expect(gaps[0]!.kind === 'detection.unavailable' && gaps[0]!.reason).to.match(/ECONNREFUSED/);
    expect(alerts().filter((a) => a.state === 'resolved')).to.deep.equal([]);
  });

  it('closes an open unavailability span when stopped', async () => {
    prom.down = true;
    await clock.advance(1200);
    await watcher.stop();
    const gap = events.find((e) => e.kind === 'detection.unavailable');
    expect(gap).to.deep.include({ at: T, until: T + 1200 });
  });

  it('reads at once on a webhook notification and records it as Alertmanager’s view', async () => {
    await watcher.stop();
    let listener: NotificationListener = () => undefined;
    const webhook = { on: (l: NotificationListener) => ((listener = l), () => undefined) };
    watcher = new AlertWatcher({ prometheus: prom, clock, emit: (e) => events.push(e), pollIntervalMs: 60_000, webhook });
    watcher.start();
    await clock.advance(10);
    const readsBefore = prom.reads;
    prom.alert = { state: 'firing', activeAt: tick(1) };
    prom.lastEvaluation = tick(3);
    const labels = { alertname: 'IstiodUnavailable', namespace: 'istio-system', severity: 'critical' };
    const n = {
      receivedAt: tick(3) + 40,
      payload: {
        version: '4' as const,
        status: 'firing' as const,
        receiver: 'r',
        groupLabels: {},
        commonLabels: {},
        alerts: [{ status: 'firing' as const, labels, annotations: {}, startsAt: tick(3), endsAt: null, fingerprint: 'f' }],
      },
    };
    listener(n);
    listener(n); // a repeat of the same notification is not a new event
    await clock.advance(10);
    expect(prom.reads).to.be.greaterThan(readsBefore);
    const am = events.filter((e) => e.kind === 'alert' && e.source === 'alertmanager');
    expect(am).to.have.length(1);
    expect(am[0]).to.deep.include({ at: tick(3), heardAt: tick(3) + 40, state: 'firing' });
    expect(watcher.notificationLags()).to.deep.equal([40]);
    const fromProm = events.filter((e) => e.kind === 'alert' && e.source === 'prometheus' && e.state === 'firing');
    expect(fromProm.map((e) => e.at)).to.deep.equal([tick(3)]);
  });
});
