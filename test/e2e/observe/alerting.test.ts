/**
 * Real Prometheus and Alertmanager against a gauge the test flips: the
 * watcher must report pending → firing → resolved with Prometheus' own
 * instants, Alertmanager's webhook must agree on the firing instant, a
 * stopped Prometheus must show up as unknown detection (not as "resolved"),
 * and no child process may outlive the test.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { Alertmanager } from '../../../src/observe/alertmanager.js';
import { AlertWatcher } from '../../../src/observe/alert-watcher.js';
import { Prometheus } from '../../../src/observe/prometheus.js';
import { WebhookReceiver, type WebhookNotification } from '../../../src/observe/webhook.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { MetricsTarget } from './metrics-target.js';

const RULES = `groups:
  - name: e2e
    rules:
      - alert: FlagRaised
        expr: gameday_test_flag == 1
        for: 2s
        labels: { severity: critical }
        annotations: { summary: the test raised the flag }
`;

type AlertEvent = Extract<TimelineEvent, { kind: 'alert' }>;

describe('e2e: Prometheus + Alertmanager + webhook + AlertWatcher', function () {
  this.timeout(60_000);
  const clock = new WallClock();
  let dir: string;
  let target: MetricsTarget;
  let webhook: WebhookReceiver;
  let am: Alertmanager | undefined;
  let prom: Prometheus | undefined;
  let watcher: AlertWatcher | undefined;
  const events: TimelineEvent[] = [];
  const notifications: WebhookNotification[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-alerting-'));
    writeFileSync(join(dir, 'e2e.rules.yaml'), RULES);
    target = await MetricsTarget.start({ job: 'istiod', namespace: 'istio-system', pod: 'istiod-e2e' });
    webhook = await WebhookReceiver.start(clock);
    webhook.on((n) => notifications.push(n));
    am = await Alertmanager.start({ runDir: dir, webhookUrl: webhook.url });
    prom = await Prometheus.start({
      runDir: dir,
      scrape: { kind: 'http-sd', url: target.sdUrl },
      ruleFiles: [join(dir, 'e2e.rules.yaml')],
      alertmanager: am.address,
    });
    watcher = new AlertWatcher({ prometheus: prom, clock, emit: (e) => events.push(e), webhook, pollIntervalMs: 200 });
    watcher.start();
  });

  after(async () => {
    await watcher?.stop();
    await prom?.stop();
    await am?.stop();
    await webhook?.stop();
    await target?.stop();
    rmSync(dir, { recursive: true, force: true });
    expect(liveProcesses()).to.deep.equal([]);
  });

  const alertEvents = (source: AlertEvent['source']): AlertEvent[] =>
    events.filter((e): e is AlertEvent => e.kind === 'alert' && e.source === source);
  const waitFor = async (what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
    const ok = await pollUntil(async () => cond(), { timeoutMs, intervalMs: 50 });
    expect(ok, `timed out waiting for ${what}`).to.equal(true);
  };

  it('publishes the SD job label: up{job="istiod"} is 1', async () => {
    await waitFor('istiod target up', async () => (await prom!.query('up{job="istiod",pod="istiod-e2e"} == 1')).length === 1);
    expect(watcher!.rules()).to.deep.equal(['FlagRaised']);
  });

  it('reports pending → firing → resolved with Prometheus instants, and the webhook agrees', async () => {
    const flippedAt = clock.now();
    target.value = 1;
    await waitFor('firing from Prometheus', () => alertEvents('prometheus').some((e) => e.state === 'firing'));
    await waitFor('firing notification', () => alertEvents('alertmanager').some((e) => e.state === 'firing'));

    const [pending, firing] = alertEvents('prometheus');
    expect(pending?.state).to.equal('pending');
    expect(firing?.state).to.equal('firing');
    // activeAt is an evaluation after the flip (scrape + evaluation delay), and `for: 2s` on a 1 s grid is 2 ticks.
    expect(pending!.at).to.be.within(flippedAt - 1000, flippedAt + 3000);
    expect(firing!.at - firing!.activeAt!).to.equal(2000);
    expect(firing!.heardAt).to.be.at.least(firing!.at);
    const notified = alertEvents('alertmanager').find((e) => e.state === 'firing')!;
    expect(notified.at, "Alertmanager's startsAt is Prometheus' firing instant").to.equal(firing!.at);
    expect(notifications[0]?.payload.alerts[0]?.labels.alertname).to.equal('FlagRaised');

    const loweredAt = clock.now();
    target.value = 0;
    await waitFor('resolved from Prometheus', () => alertEvents('prometheus').some((e) => e.state === 'resolved'));
    const resolved = alertEvents('prometheus').find((e) => e.state === 'resolved')!;
    expect(resolved.at).to.be.within(loweredAt, resolved.heardAt);
    await waitFor('resolved notification', () => alertEvents('alertmanager').some((e) => e.state === 'resolved'));
    const amResolved = alertEvents('alertmanager').find((e) => e.state === 'resolved')!;
    expect(amResolved.at, 'poll-bounded resolution matches Prometheus ResolvedAt').to.equal(resolved.at);
  });

  it('reports a stopped Prometheus as unknown detection, not as resolution', async () => {
    target.value = 1;
    await waitFor('firing again', () => alertEvents('prometheus').filter((e) => e.state === 'firing').length === 2);
    const before = alertEvents('prometheus').length;
    const stoppedAt = clock.now();
    await prom!.stop();
    await waitFor('watcher notices', () => watcher!.unavailable);
    await watcher!.stop();
    const gap = events.find((e) => e.kind === 'detection.unavailable');
    expect(gap, 'a detection.unavailable span').to.not.equal(undefined);
    if (gap?.kind === 'detection.unavailable') {
      expect(gap.at).to.be.at.most(stoppedAt + 1000);
      expect(gap.until).to.be.greaterThan(gap.at);
    }
    expect(alertEvents('prometheus').length, 'no resolution invented').to.equal(before);
  });
});
