/**
 * Prometheus killed mid-run: from then on nobody can say whether an alert
 * fired, so the run records a `detection.unavailable` span and the measured
 * detection is "unavailable" — never a detection gap ("no alert fired") that
 * nobody could have observed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { LocalObservers, OBSERVERS_MANIFEST } from '../../../src/observe/local-observers.js';
import { projectRoot } from '../../../src/project-root.js';
import { measureSpecOf } from '../../../src/run/execute.js';
import { loadScenario } from '../../../src/scenario/index.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';

describe('e2e: Prometheus killed mid-run', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-prom-killed-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('detection is "unavailable" for the span, not a gap', async () => {
    const clock = new WallClock();
    const log = silentLogger();
    const rules = join(dir, 'never.rules.yaml');
    writeFileSync(
      rules,
      'groups:\n  - name: never\n    rules:\n      - alert: NeverObserved\n        expr: vector(0) > 1\n        for: 0s\n',
    );
    const target = new SimTarget({ clock, log });
    const observers = new LocalObservers({ clock, log, ruleFiles: [rules] });
    const events: TimelineEvent[] = [];
    let killedAt = 0;
    try {
      await observers.attach(await target.up(), (e) => events.push(e), dir);
      const t0 = clock.now();
      // The run's own records: a fault injected, then users hurt (what makes a silent alert a gap).
      events.push({ kind: 'fault.inject', at: t0, fault: 'f', type: 'deny-policy', operations: [] });
      events.push({ kind: 'symptom', at: t0 + 100, what: 'first 403' });
      const manifest = JSON.parse(readFileSync(join(dir, OBSERVERS_MANIFEST), 'utf8')) as { prometheus: { pid: number } };
      killedAt = clock.now();
      process.kill(manifest.prometheus.pid, 'SIGKILL');
      await clock.sleep(3000);
    } finally {
      await observers.close();
      await target.down();
    }
    const span = events.find((e) => e.kind === 'detection.unavailable');
    expect(span, 'a detection.unavailable span').to.not.equal(undefined);
    if (span?.kind === 'detection.unavailable') expect(span.until).to.be.at.least(killedAt);

    const scenario = await loadScenario(join(projectRoot(), 'scenarios', 'deny-policy.yaml'), { projectRoot: projectRoot() });
    const spec = measureSpecOf(scenario);
    spec.detection = { expect: ['NeverObserved'], deadlineMs: 1000 };
    const end = clock.now();
    expect(measure(events, spec, { end }).detection.status).to.equal('unavailable');
    // The same run with Prometheus answering throughout would be a gap: the span is what changes the answer.
    expect(
      measure(
        events.filter((e) => e.kind !== 'detection.unavailable'),
        spec,
        { end },
      ).detection.status,
    ).to.equal('gap');
  });
});
