/**
 * The k6 engine, which is the user's own k6 (AGPL-3.0: this project never
 * installs it). With a k6 on PATH: real k6 against a local server that
 * fails every fifth request — the per-second SLI must count exactly what
 * the server did, per status and per namespace; a user script's failed
 * threshold is exit 99, not a crash; a stop is clean; nothing is left
 * running. Without one, those tests are skipped (and say so), and asking
 * for k6 is refused with exit 3 before anything starts.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { K6Run } from '../../../src/observe/load/k6.js';
import { findTool } from '../../../src/observe/tools.js';
import { startLoadRun } from '../../../src/observe/load/load-engine.js';
import { runCli } from '../../unit/cli/run-cli.js';
import type { SliEvent } from '../../../src/observe/load/sli-series.js';
import { projectRoot } from '../../../src/project-root.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';

interface Counts {
  requests: number;
  failures: number;
  byNs: Record<string, { requests: number; failures: number }>;
}

async function failingServer(counts: Counts): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    counts.requests++;
    const ns = counts.requests % 2 === 0 ? 'payments' : 'orders';
    const fail = counts.requests % 5 === 0;
    const c = (counts.byNs[ns] ??= { requests: 0, failures: 0 });
    c.requests++;
    if (fail) {
      counts.failures++;
      c.failures++;
    }
    res.writeHead(fail ? 503 : 200, { 'x-gameday-namespace': ns, connection: 'keep-alive' });
    res.end(fail ? 'no healthy upstream' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const sum = (seconds: SliEvent[], f: (s: SliEvent) => number): number => seconds.reduce((n, s) => n + f(s), 0);

const k6 = await findTool('k6');

describe('e2e: without k6, asking for it', function () {
  before(function () {
    if (k6.found) this.skip();
  });

  it('is refused with exit 3 before anything starts, and the hint says k6 is the user\'s own', async () => {
    const r = await runCli('run', 'scenarios/deny-policy.yaml', '--load-engine', 'k6');
    expect(r.code, r.err).to.equal(3);
    expect(r.err).to.match(/k6 load engine was asked for/).and.match(/never installs it/);
    expect(liveProcesses()).to.deep.equal([]);
  });
});

describe('e2e: k6 → per-second SLI (the user\'s k6)', function () {
  this.timeout(60_000);
  before(function () {
    if (!k6.found) {
      console.log(`      skipped: no k6 on PATH or in GAMEDAY_K6 (k6 is optional and user-installed; this project never installs it)`);
      this.skip();
    }
  });
  const clock = new WallClock();
  let dir: string;
  let server: Server;
  let url: string;
  let counts: Counts;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-k6-'));
    counts = { requests: 0, failures: 0, byNs: {} };
    ({ server, url } = await failingServer(counts));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('load/steady.js at 20 rps for 3 s: failures, statuses and namespaces per second match the server', async () => {
    const seconds: SliEvent[] = [];
    const run = await K6Run.start({
      script: join(projectRoot(), 'load', 'steady.js'),
      baseUrl: url,
      rate: 20,
      vus: 5,
      durationMs: 3000,
      path: '/productpage',
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
    });
    const exit = await run.exited;
    expect(exit).to.include({ crashed: false, thresholdsFailed: false, code: 0 });

    expect(counts.requests).to.be.within(55, 65);
    expect(sum(seconds, (s) => s.requests)).to.equal(counts.requests);
    expect(sum(seconds, (s) => s.failures)).to.equal(counts.failures);
    expect(sum(seconds, (s) => s.byStatus['503'] ?? 0)).to.equal(counts.failures);
    expect(sum(seconds, (s) => s.byStatus['200'] ?? 0)).to.equal(counts.requests - counts.failures);
    for (const ns of ['orders', 'payments']) {
      expect(sum(seconds, (s) => s.byNamespace?.[ns]?.requests ?? 0), ns).to.equal(counts.byNs[ns]!.requests);
      expect(sum(seconds, (s) => s.byNamespace?.[ns]?.failures ?? 0), ns).to.equal(counts.byNs[ns]!.failures);
    }
    expect(seconds.length).to.be.within(3, 5);
    for (const [i, s] of seconds.entries()) {
      expect(s.at % 1000).to.equal(0);
      if (i > 0) expect(s.at - seconds[i - 1]!.at).to.equal(1000);
      if (s.requests > 0) expect(s.p99Ms).to.be.at.least(s.p50Ms!);
    }
  });

  it('through the engine interface: spec.load.engine k6 spreads load/steady.js over weighted routes', async () => {
    const seconds: SliEvent[] = [];
    const run = await startLoadRun({
      load: {
        engine: 'k6',
        rate: 20,
        vus: 5,
        durationMs: 3000,
        routes: [
          { path: '/a', weight: 1, headers: {} },
          { path: '/b', weight: 1, headers: {} },
        ],
        headers: {},
        timeoutMs: 10_000,
        env: {},
      },
      baseUrl: url,
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
    });
    expect(run.engine).to.equal('k6');
    expect(await run.exited).to.include({ crashed: false });
    expect(sum(seconds, (s) => s.requests)).to.equal(counts.requests);
    expect(counts.requests).to.be.within(55, 65);
  });

  it("a user script's failed threshold is exit 99, a finding and not a crash", async () => {
    const run = await K6Run.start({
      script: join(projectRoot(), 'test', 'e2e', 'observe', 'fixtures', 'user-thresholds.js'),
      baseUrl: url,
      rate: 0,
      vus: 0,
      durationMs: 0,
      path: '/',
      runDir: dir,
      clock,
      emit: () => undefined,
    });
    const exit = await run.exited;
    expect(exit).to.include({ code: 99, thresholdsFailed: true, crashed: false });
  });

  it('stop() ends a long run cleanly and still emits the seconds it saw', async () => {
    const seconds: SliEvent[] = [];
    const run = await K6Run.start({
      script: join(projectRoot(), 'load', 'steady.js'),
      baseUrl: url,
      rate: 10,
      vus: 5,
      durationMs: 60_000,
      path: '/',
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
    });
    expect(await pollUntil(async () => seconds.length > 0, { timeoutMs: 10_000 }), 'a first second').to.equal(true);
    const exit = await run.stop();
    expect(exit.crashed, exit.message).to.equal(false);
    expect(sum(seconds, (s) => s.requests)).to.equal(counts.requests);
  });
});
