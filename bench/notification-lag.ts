/**
 * Notification lag: from Prometheus' firing instant (activeAt + for, on the
 * evaluation tick) to the moment the harness recorded the alert, over 20
 * alerts, with the real Prometheus, Alertmanager and webhook at 1 s scrape
 * and evaluation intervals. Each alert is a gauge flipped to 1 at a
 * staggered instant, so the flips land at different phases of the cycle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import type { TimelineEvent } from '../src/timeline.js';
import { median } from '../src/measure/impact.js';
import { LocalObservers } from '../src/observe/local-observers.js';

const ALERTS = 20;

export interface LagFigures {
  alerts: number;
  medianMs: number;
  maxMs: number;
  webhookMedianMs: number | null;
}

export async function runNotificationLagBench(): Promise<LagFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-lag-'));
  const flags = new Array<number>(ALERTS).fill(0);
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE gameday_bench_flag gauge\n' + flags.map((v, i) => `gameday_bench_flag{n="${i}"} ${v}`).join('\n') + '\n');
    } else if (req.url === '/sd') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ targets: [address], labels: { job: 'bench' } }]));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rules = join(dir, 'bench.rules.yaml');
  writeFileSync(
    rules,
    'groups:\n  - name: bench\n    rules:\n' +
      flags.map((_, i) => `      - alert: BenchFlag${i}\n        expr: gameday_bench_flag{n="${i}"} == 1\n        for: 0s\n`).join(''),
  );
  const clock = new WallClock();
  const observers = new LocalObservers({ clock, log: silentLogger(), ruleFiles: [rules], scrapeIntervalMs: 1000 });
  const events: TimelineEvent[] = [];
  try {
    await observers.attach(
      { ingressUrl: 'http://127.0.0.1:1', scrape: { kind: 'http-sd', url: `http://${address}/sd` }, timeScale: 1 },
      (e) => events.push(e),
      dir,
    );
    for (let i = 0; i < ALERTS; i++) {
      flags[i] = 1;
      // 1.37 s apart: not a multiple of the 1 s cycle, so flips sample every phase of it.
      await clock.sleep(1370);
    }
    const firingOf = (source: 'prometheus' | 'alertmanager') =>
      events.filter(
        (e): e is Extract<TimelineEvent, { kind: 'alert' }> => e.kind === 'alert' && e.state === 'firing' && e.source === source,
      );
    const deadline = clock.now() + 15_000;
    while (new Set(firingOf('prometheus').map((e) => e.alert)).size < ALERTS && clock.now() < deadline) await clock.sleep(200);
    const lags = firingOf('prometheus')
      .map((e) => e.heardAt - e.at)
      .sort((a, b) => a - b);
    const hooks = firingOf('alertmanager')
      .map((e) => e.heardAt - e.at)
      .sort((a, b) => a - b);
    if (lags.length < ALERTS) throw new Error(`only ${lags.length} of ${ALERTS} alerts fired`);
    return { alerts: lags.length, medianMs: median(lags), maxMs: lags.at(-1)!, webhookMedianMs: hooks.length ? median(hooks) : null };
  } finally {
    await observers.detach();
    await observers.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}
