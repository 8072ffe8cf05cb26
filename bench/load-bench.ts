/**
 * Load bench (`npm run bench -- load`): the default engine, vegeta, against
 * the embedded simulator in this process, as in a `gameday run`.
 *
 * (a) achieved rate at 500, 2,000 and 5,000 req/s: requests vegeta sent per
 *     second (its own send timestamps) over a steady stretch; goal within 1%.
 *     The simulator runs in its own process here (as an ingress on another
 *     host would), answering at once with the modelled latency reported, so
 *     the figure is the engine's, not the simulator's capacity.
 * (b) CPU at 500 req/s, as in a run (simulator in this process, replies held
 *     for their modelled latency): this process (simulator + SLI stream) plus
 *     vegeta's attack and encode processes (/proc/<pid>/stat); goal < 0.3 core.
 * (c) in that same run, each second's p99 from vegeta against the p99 of the
 *     simulator's own record of the latency it served each request with
 *     (request received → reply written, measured in the server), second by
 *     second; goal within 5%.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WallClock } from '../src/clock.js';
import { median } from '../src/measure/impact.js';
import { percentile } from '../src/observe/load/sli-series.js';
import { requireLoadEngine } from '../src/observe/load/load-engine.js';
import type { SliEvent } from '../src/observe/load/sli-series.js';
import type { ParsedResult } from '../src/observe/load/vegeta-result.js';
import { VegetaRun } from '../src/observe/load/vegeta.js';
import type { LoadSpec } from '../src/scenario/types.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';

const RATE_SECONDS = Number(process.env.LOAD_BENCH_SECONDS ?? 12);
/** The run as a GameDay would drive it: long enough for a distribution of per-second p99s. */
const RUN_SECONDS = Number(process.env.LOAD_BENCH_RUN_SECONDS ?? 30);
/** Skipped at the start (connections opening) and end (last second partial) of each run. */
const WARMUP_MS = 2000;
const TAIL_MS = 1000;

interface Measured {
  rate: number;
  achieved: number;
  completedPerSecond: number;
  failed: number;
  harnessCores: number;
  engineCores: number;
  p99: { seconds: number; within5: number; medianDiff: number; maxDiff: number };
}

/** utime + stime of a process in seconds (Linux); 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5), counted from after the command name; USER_HZ is 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Records, in this process's HTTP servers, each request's time from arrival to reply written: the simulator's own latency. */
function recordServedLatencies(): { served: Served[]; restore: () => void } {
  const served: Served[] = [];
  const arrived = new WeakMap<object, number>();
  const emit = Server.prototype.emit;
  const end = ServerResponse.prototype.end;
  Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
    if (event === 'request') arrived.set(args[0] as object, performance.now());
    return (emit as (this: Server, ...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    const t = arrived.get(this.req);
    if (t !== undefined) served.push({ endedAt: Date.now(), latencyMs: performance.now() - t });
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof end;
  return {
    served,
    restore: () => {
      Server.prototype.emit = emit;
      ServerResponse.prototype.end = end;
    },
  };
}

interface Served {
  endedAt: number;
  latencyMs: number;
}

/** The simulator's data plane in a process of its own (bench/sim-bench-server.ts). */
async function simProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./sim-bench-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, 'sim'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function measure(rate: number, where: 'own-process' | 'in-process', durationS = RATE_SECONDS): Promise<Measured> {
  const clock = new WallClock();
  const dir = mkdtempSync(join(tmpdir(), 'gameday-load-bench-'));
  const recording = where === 'in-process' ? recordServedLatencies() : null;
  const inProcess = where === 'in-process' ? new SimTarget({ clock }) : null;
  const own = where === 'own-process' ? await simProcess() : null;
  const sent: number[] = [];
  const seconds: SliEvent[] = [];
  try {
    const baseUrl = inProcess ? (await inProcess.up()).ingressUrl : own!.url;
    const load: LoadSpec = {
      engine: 'vegeta',
      rate,
      vus: 10,
      durationMs: durationS * 1000,
      routes: [{ path: '/', weight: 1, headers: {} }],
      headers: {},
      timeoutMs: 10_000,
      env: {},
    };
    const run = VegetaRun.start({
      load,
      baseUrl,
      runDir: dir,
      clock,
      emit: (e) => seconds.push(e),
      vegeta: await requireLoadEngine('vegeta'),
      onResult: (r: ParsedResult) => sent.push(r.sentAt),
    });
    await clock.sleep(WARMUP_MS);
    const pids = run.pids;
    const engine0 = pids.reduce((a, p) => a + cpuSeconds(p), 0);
    const harness0 = process.cpuUsage();
    const t0 = performance.now();
    await clock.sleep(durationS * 1000 - WARMUP_MS - TAIL_MS);
    const wallS = (performance.now() - t0) / 1000;
    const harness = process.cpuUsage(harness0);
    const engine = pids.reduce((a, p) => a + cpuSeconds(p), 0) - engine0;
    const exit = await run.exited;
    if (exit.crashed) throw new Error(`vegeta crashed: ${exit.message}`);

    const first = Math.min(...sent);
    const from = first + WARMUP_MS;
    const to = first + durationS * 1000 - TAIL_MS;
    const achieved = sent.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
    const steady = seconds.filter((s) => s.at >= from && s.at + 1000 <= to);
    return {
      rate,
      achieved,
      completedPerSecond: steady.reduce((a, s) => a + s.requests, 0) / Math.max(1, steady.length),
      failed: seconds.reduce((a, s) => a + s.failures, 0),
      harnessCores: (harness.user + harness.system) / 1e6 / wallS,
      engineCores: engine / wallS,
      p99: compareP99(steady, recording?.served ?? []),
    };
  } finally {
    recording?.restore();
    await inProcess?.down();
    await own?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** vegeta's p99 of each second against the p99 of the latencies the simulator served for requests due in that second. */
function compareP99(seconds: SliEvent[], served: Served[]): Measured['p99'] {
  const bySecond = new Map<number, number[]>();
  for (const s of served) {
    const at = Math.floor(s.endedAt / 1000) * 1000;
    (bySecond.get(at) ?? bySecond.set(at, []).get(at)!).push(s.latencyMs);
  }
  const diffs: number[] = [];
  for (const s of seconds) {
    const own = bySecond.get(s.at);
    if (!own || s.p99Ms === null) continue;
    const p99 = percentile(
      own.sort((a, b) => a - b),
      0.99,
    )!;
    diffs.push(Math.abs(s.p99Ms - p99) / p99);
  }
  return {
    seconds: diffs.length,
    within5: diffs.filter((d) => d <= 0.05).length,
    medianDiff: diffs.length ? median(diffs) : NaN,
    maxDiff: diffs.length ? Math.max(...diffs) : NaN,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export async function runLoadBench(): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (const rate of [500, 2000, 5000]) {
    const m = await measure(rate, 'own-process');
    const off = Math.abs(m.achieved - rate) / rate;
    rows.push({
      figure: `achieved rate at ${rate} req/s (simulator in its own process)`,
      measured: `${m.achieved.toFixed(1)} req/s sent (${pct(off)} off); ${m.completedPerSecond.toFixed(1)} completed/s; ${m.failed} failed`,
      goal: 'within 1%',
      met: off <= 0.01 ? 'yes' : 'NO',
    });
  }
  const m = await measure(500, 'in-process', RUN_SECONDS);
  const total = m.harnessCores + m.engineCores;
  rows.push({
    figure: 'CPU at 500 req/s as in a run: harness (simulator + SLI stream) + vegeta (attack + encode)',
    measured: `${total.toFixed(3)} cores (harness ${m.harnessCores.toFixed(3)}, vegeta ${m.engineCores.toFixed(3)}); ${m.achieved.toFixed(1)} req/s sent, ${m.failed} failed`,
    goal: '< 0.3 core',
    met: total < 0.3 ? 'yes' : 'NO',
  });
  rows.push({
    figure: "per-second p99 vs the simulator's own per-request latencies (same run)",
    measured: `${m.p99.within5} of ${m.p99.seconds} seconds within 5%; median ${pct(m.p99.medianDiff)}, worst ${pct(m.p99.maxDiff)}`,
    goal: 'within 5%',
    met: m.p99.maxDiff <= 0.05 ? 'yes' : 'NO',
  });
  return rows;
}
