/**
 * Real vegeta (the default load engine) against a local server that fails
 * every fifth request and against the simulator's data plane: the
 * per-second SLI counts exactly what the server did, per status and per
 * namespace; timeouts are failed requests; a stop is clean; a k6 that is
 * not installed is refused with exit 3; nothing is left running.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WallClock } from '../../../src/clock.js';
import { ToolMissingError } from '../../../src/errors.js';
import { requireLoadEngine, startLoadRun } from '../../../src/observe/load/load-engine.js';
import type { SliEvent } from '../../../src/observe/load/sli-series.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import type { LoadSpec } from '../../../src/scenario/types.js';
import { SimTarget } from '../../../src/targets/sim/sim-target.js';

interface Counts {
  requests: number;
  failures: number;
  byNs: Record<string, { requests: number; failures: number }>;
}

/** Fails every 5th request with 503; with `hangEvery`, holds every nth reply for 2 s. */
async function failingServer(counts: Counts, hangEvery = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    counts.requests++;
    const n = counts.requests;
    const ns = n % 2 === 0 ? 'payments' : 'orders';
    if (hangEvery && n % hangEvery === 0) {
      setTimeout(() => res.writeHead(200).end('late'), 2000);
      return;
    }
    const fail = n % 5 === 0;
    const c = (counts.byNs[ns] ??= { requests: 0, failures: 0 });
    c.requests++;
    if (fail) {
      counts.failures++;
      c.failures++;
    }
    res.writeHead(fail ? 503 : 200, { 'x-gameday-namespace': ns });
    res.end(fail ? 'no healthy upstream' : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const spec = (o: Partial<LoadSpec>): LoadSpec => ({
  engine: 'vegeta',
  rate: 20,
  vus: 10,
  durationMs: 3000,
  routes: [{ path: '/productpage', weight: 1, headers: {} }],
  headers: {},
  timeoutMs: 10_000,
  env: {},
  ...o,
});

const sum = (seconds: SliEvent[], f: (s: SliEvent) => number): number => seconds.reduce((n, s) => n + f(s), 0);

function contiguous(seconds: SliEvent[]): void {
  for (const [i, s] of seconds.entries()) {
    expect(s.at % 1000).to.equal(0);
    if (i > 0) expect(s.at - seconds[i - 1]!.at).to.equal(1000);
    if (s.requests > 0) expect(s.p99Ms).to.be.at.least(s.p50Ms!);
  }
}

describe('e2e: vegeta → per-second SLI', function () {
  this.timeout(60_000);
  const clock = new WallClock();
  let dir: string;
  let server: Server | undefined;
  let counts: Counts;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-vegeta-'));
    counts = { requests: 0, failures: 0, byNs: {} };
  });

  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
    rmSync(dir, { recursive: true, force: true });
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('20 req/s for 3 s: requests, failures, statuses and namespaces per second match the server', async () => {
    const s = await failingServer(counts);
    server = s.server;
    const seconds: SliEvent[] = [];
    const run = await startLoadRun({ load: spec({}), baseUrl: s.url, runDir: dir, clock, emit: (e) => seconds.push(e) });
    expect(run.engine).to.equal('vegeta');
    expect(run.version).to.equal('12.13.0');
    const exit = await run.exited;
    expect(exit).to.include({ crashed: false, thresholdsFailed: false, code: 0 });

    // A constant rate: 3 s at 20/s is 60 requests, not "about" 60.
    expect(counts.requests).to.equal(60);
    expect(sum(seconds, (x) => x.requests)).to.equal(counts.requests);
    expect(sum(seconds, (x) => x.failures)).to.equal(counts.failures);
    expect(sum(seconds, (x) => x.byStatus['503'] ?? 0)).to.equal(counts.failures);
    expect(sum(seconds, (x) => x.byStatus['200'] ?? 0)).to.equal(counts.requests - counts.failures);
    for (const ns of ['orders', 'payments']) {
      expect(
        sum(seconds, (x) => x.byNamespace?.[ns]?.requests ?? 0),
        ns,
      ).to.equal(counts.byNs[ns]!.requests);
      expect(
        sum(seconds, (x) => x.byNamespace?.[ns]?.failures ?? 0),
        ns,
      ).to.equal(counts.byNs[ns]!.failures);
    }
    expect(seconds.length).to.be.within(3, 4);
    contiguous(seconds);
  });

  it('counts requests that time out as failed (status 0), and the rate holds while replies hang', async () => {
    const s = await failingServer(counts, 4);
    server = s.server;
    const seconds: SliEvent[] = [];
    const run = await startLoadRun({
      load: spec({ rate: 20, durationMs: 2000, timeoutMs: 500 }),
      baseUrl: s.url,
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
    });
    await run.exited;
    // Open model: hung replies do not slow the arrivals.
    expect(counts.requests).to.equal(40);
    expect(sum(seconds, (x) => x.byStatus['0'] ?? 0)).to.equal(10);
    expect(sum(seconds, (x) => x.failures)).to.equal(10 + counts.failures);
    expect(Math.max(...seconds.map((x) => x.p99Ms ?? 0))).to.be.within(500, 600);
  });

  it('stop() ends a long run cleanly and still emits the seconds it saw', async () => {
    const s = await failingServer(counts);
    server = s.server;
    const seconds: SliEvent[] = [];
    const run = await startLoadRun({
      load: spec({ rate: 10, durationMs: 60_000 }),
      baseUrl: s.url,
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
    });
    expect(await pollUntil(async () => seconds.length > 0, { timeoutMs: 10_000 }), 'a first second').to.equal(true);
    const exit = await run.stop();
    expect(exit.crashed, exit.message).to.equal(false);
    expect(sum(seconds, (x) => x.requests)).to.equal(counts.requests);
  });

  it("drives the simulator's ingress over weighted routes: a contiguous timeline with each route's namespace", async () => {
    const target = new SimTarget({ clock });
    try {
      const endpoints = await target.up();
      const seconds: SliEvent[] = [];
      const load = spec({
        rate: 40,
        durationMs: 4000,
        routes: [
          { path: '/', weight: 3, headers: {} },
          { path: '/staging/', weight: 1, headers: {} },
        ],
      });
      const run = await startLoadRun({ load, baseUrl: endpoints.ingressUrl, runDir: dir, clock, emit: (e) => seconds.push(e) });
      expect(await run.exited).to.include({ crashed: false });
      contiguous(seconds);
      expect(sum(seconds, (x) => x.requests)).to.equal(160);
      expect(sum(seconds, (x) => x.failures)).to.equal(0);
      // The simulator names the producing namespace: users behind /, staging behind /staging/, 3:1.
      expect(sum(seconds, (x) => x.byNamespace?.users?.requests ?? 0)).to.equal(120);
      expect(sum(seconds, (x) => x.byNamespace?.staging?.requests ?? 0)).to.equal(40);
      // Every full second carries the requested rate (the first and last may be partial).
      for (const x of seconds.slice(1, -1)) expect(x.requests).to.be.within(38, 42);
    } finally {
      await target.down();
    }
  });

  it('refuses k6 with exit 3 when there is none, saying it is never installed by the project', async () => {
    const noK6 = { env: { PATH: '/nonexistent' }, toolsDir: join(dir, 'no-tools') };
    let err: unknown;
    try {
      await requireLoadEngine('k6', noK6);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ToolMissingError);
    expect((err as ToolMissingError).exitCode).to.equal(3);
    expect((err as Error).message)
      .to.match(/AGPL-3\.0 and this project never installs it/)
      .and.match(/--load-engine vegeta/);
  });
});
