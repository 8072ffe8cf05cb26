/**
 * Alertmanager killed mid-run: alert instants come from Prometheus (the
 * webhook is only a fast trigger), so an alert that starts firing after
 * Alertmanager is gone is still recorded, at Prometheus' firing instant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { LocalObservers, OBSERVERS_MANIFEST } from '../../../src/observe/local-observers.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';
import { alive } from './support.js';

describe('e2e: Alertmanager killed mid-run', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-am-killed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detection goes on from Prometheus', async () => {
    const clock = new WallClock();
    const log = silentLogger();
    // Starts firing ~15 s from now: after Alertmanager is gone.
    const at = Math.floor(Date.now() / 1000) + 15;
    const rules = join(dir, 'later.rules.yaml');
    writeFileSync(
      rules,
      `groups:\n  - name: later\n    rules:\n      - alert: FiresLater\n        expr: vector(time()) > ${at}\n        for: 0s\n`,
    );
    const target = new SimTarget({ clock, log });
    const observers = new LocalObservers({ clock, log, ruleFiles: [rules] });
    const events: TimelineEvent[] = [];
    try {
      const endpoints = await target.up();
      await observers.attach(endpoints, (e) => events.push(e), dir);
      const manifest = JSON.parse(readFileSync(join(dir, OBSERVERS_MANIFEST), 'utf8')) as { alertmanager: { pid: number } };
      process.kill(manifest.alertmanager.pid, 'SIGKILL');
      await pollUntil(async () => !alive(manifest.alertmanager.pid), { timeoutMs: 5000 });
      expect(Date.now() / 1000, 'Alertmanager died before the alert could fire').to.be.below(at);
      const fired = await pollUntil(
        async () => events.some((e) => e.kind === 'alert' && e.alert === 'FiresLater' && e.state === 'firing'),
        {
          timeoutMs: 60_000,
          intervalMs: 200,
        },
      );
      expect(fired, JSON.stringify(events.filter((e) => e.kind !== 'sli'))).to.equal(true);
      const firing = events.find((e) => e.kind === 'alert' && e.alert === 'FiresLater' && e.state === 'firing')!;
      expect(firing.at).to.be.at.least(at * 1000);
      expect(events.some((e) => e.kind === 'detection.unavailable')).to.equal(false);
    } finally {
      await observers.close();
      await target.down();
    }
    expect(liveProcesses()).to.deep.equal([]);
  });
});
