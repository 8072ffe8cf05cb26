/**
 * The whole stack behind the runner's Observers interface: attach to a
 * target's HTTP SD, see an alert fire, run load, close, and leave nothing.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { TimelineEvent } from '../../../src/measure/timeline.js';
import { LocalObservers } from '../../../src/observe/local-observers.js';
import { projectRoot } from '../../../src/project-root.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { MetricsTarget } from './metrics-target.js';

describe('e2e: LocalObservers (the runner’s view of the stack)', function () {
  this.timeout(60_000);

  it('attaches, reports an alert and per-second load, and closes without leftovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-stack-'));
    const rules = join(dir, 'flag.rules.yaml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - alert: Flag\n        expr: gameday_test_flag == 1\n        for: 1s\n');
    const target = await MetricsTarget.start({ job: 'istiod', namespace: 'istio-system', pod: 'istiod-0' });
    const ingress = createServer((_q, r) => r.end('ok'));
    await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
    const endpoints = {
      ingressUrl: `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`,
      scrape: { kind: 'http-sd' as const, url: target.sdUrl },
      timeScale: 1,
    };
    const observers = new LocalObservers({ clock: new WallClock(), log: silentLogger(), ruleFiles: [rules], pollIntervalMs: 200 });
    const events: TimelineEvent[] = [];
    try {
      expect(observers.alertNames()).to.deep.equal(['Flag']);
      await observers.attach(endpoints, (e) => events.push(e), dir);
      target.value = 1;
      const load = await observers.startLoad(
        endpoints,
        { script: join(projectRoot(), 'load', 'steady.js'), rate: 10, vus: 2, durationMs: 2000, path: '/', env: {} },
        (e) => events.push(e),
        dir,
      );
      const exit = await load.exited;
      expect(exit.crashed, exit.message).to.equal(false);
      const fired = await pollUntil(async () => events.some((e) => e.kind === 'alert' && e.state === 'firing' && e.source === 'prometheus'), {
        timeoutMs: 20_000,
      });
      expect(fired, 'Flag fired').to.equal(true);
      const sli = events.filter((e) => e.kind === 'sli');
      expect(sli.reduce((n, e) => n + (e.kind === 'sli' ? e.requests : 0), 0)).to.be.within(18, 22);
      expect(Object.keys(observers.versions()).sort()).to.deep.equal(['alertmanager', 'k6', 'prometheus']);
    } finally {
      await observers.close();
      await target.stop();
      ingress.closeAllConnections();
      await new Promise<void>((resolve) => ingress.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(liveProcesses()).to.deep.equal([]);
  });
});
