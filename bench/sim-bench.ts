/**
 * Simulator bench (`npx tsx bench/sim-bench.ts`):
 *
 * (a) data-plane requests/s next to a bare node:http server answering the
 *     same path: each server in its own process, driven by the same raw-socket
 *     keep-alive load generator in this process, same connections and time.
 *     The servers run side by side; each is warmed for 3 s first (both reach
 *     their rate only once V8 has optimised their hot paths, and the
 *     simulator, with more code on that path, takes longer), then each is
 *     loaded for a short slice in turn, round after round, and the ratio is
 *     the median of the rounds' ratios: the slices of a round see the same
 *     host, and a stretch of a busy host moves a few rounds, not the figure.
 *     Goal: sim ≥ 0.8× the bare rate. The calibration line is a bare server
 *     measured on its own first: figures from two machines compare through it.
 * (b) meshes at scale under a churn storm (mesh-scale.ts), each in its own
 *     process: the default topology scaled to 2,047 pods at 100 pod events/s,
 *     and a production-shaped 10,000-pod mesh at 500 pod events/s. Goals: model
 *     tick p99 < 10 ms (with how many of V8's collections began inside a
 *     tick, gc-in-ticks.ts), a full scrape of every job < 250 ms, resident memory
 *     < 300 MB (2,047 pods) and < 600 MB (10,000 pods).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median } from '../src/measure/impact.js';
import { describeGcInTicks } from './gc-in-ticks.js';
import { meshAtScaleInChild, type MeshScaleFigures } from './mesh-scale.js';
import { runLoad, type LoadResult } from './sim-load.js';

const CONNECTIONS = 32;
/** The calibration run: one bare server, warmed, then measured on its own. */
const DURATION_MS = Number(process.env.SIM_BENCH_SECONDS ?? 6) * 1000;
const WARMUP_MS = 3_000;
/**
 * The data-plane comparison: the three servers up together, each measured for
 * a slice in turn, round after round. On a shared host whose speed drifts by a
 * third over seconds (CPU stolen by neighbours), measurements taken ten seconds
 * apart compare the host with itself as much as the servers; slices a second
 * and a half apart see the same host.
 */
const SLICE_MS = Number(process.env.SIM_BENCH_SLICE_SECONDS ?? 1.5) * 1000;
const ROUNDS = Number(process.env.SIM_BENCH_ROUNDS ?? 12);

async function startServer(mode: string): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./sim-bench-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { url: line.trim(), child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function dataPlaneRate(mode: string): Promise<LoadResult> {
  const { url, child } = await startServer(mode);
  try {
    await runLoad(url, { connections: CONNECTIONS, durationMs: WARMUP_MS }); // warm-up (JIT)
    return await runLoad(url, { connections: CONNECTIONS, durationMs: DURATION_MS });
  } finally {
    await stop(child);
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** One figure of the bench, beside its goal. */
export interface BenchRow {
  figure: string;
  measured: string;
  goal: string;
}

/** Bare node:http requests/s on this machine: the yardstick that makes figures from different machines comparable. */
export async function calibrate(): Promise<number> {
  return Math.round((await dataPlaneRate('bare')).perSecond);
}

function meshRows(label: string, m: MeshScaleFigures, rssGoalMB: number): BenchRow[] {
  return [
    { figure: `${label}: pods, pod events/s (target events/s)`, measured: `${m.pods}, ${m.podEventsPerSecond} (${m.targetEventsPerSecond})`, goal: '' },
    { figure: `${label}: model tick p50 / p99`, measured: `${m.tickP50Ms} ms / ${m.tickP99Ms} ms (${describeGcInTicks(m.gcInTicks)})`, goal: 'p99 < 10 ms' },
    {
      figure: `${label}: full scrape of every job, once a second under the storm: median / worst`,
      measured: `${m.scrapeP50Ms} ms / ${m.scrapeMaxMs} ms (${m.scrapeKiB} KiB; worst: ${m.perJob})`,
      goal: '< 250 ms',
    },
    { figure: `${label}: resident memory`, measured: `${m.rssMB} MB`, goal: `< ${rssGoalMB} MB` },
  ];
}

const MODES = ['bare', 'sim', 'sim-full-walk'] as const;
type Mode = (typeof MODES)[number];

/**
 * Every server warmed, then measured for one slice per round, starting one
 * later each round so none is always first or last. An idle server costs
 * nothing but the simulator's model ticks, which run under load too.
 */
async function dataPlaneRounds(): Promise<Record<Mode, LoadResult[]>> {
  const servers = await Promise.all(MODES.map((mode) => startServer(mode)));
  try {
    for (const { url } of servers) await runLoad(url, { connections: CONNECTIONS, durationMs: WARMUP_MS }); // JIT
    const runs: Record<Mode, LoadResult[]> = { bare: [], sim: [], 'sim-full-walk': [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < MODES.length; i++) {
        const m = (r + i) % MODES.length;
        runs[MODES[m]!].push(await runLoad(servers[m]!.url, { connections: CONNECTIONS, durationMs: SLICE_MS }));
      }
    }
    return runs;
  } finally {
    await Promise.all(servers.map(({ child }) => stop(child)));
  }
}

export async function runSimBench(bareRate?: number): Promise<BenchRow[]> {
  const runs = await dataPlaneRounds();
  const rate = (mode: Mode): number => Math.round(median(runs[mode].map((x) => x.perSecond)));
  const ratios = (mode: Mode): number[] => runs[mode].map((x, i) => x.perSecond / runs.bare[i]!.perSecond);
  const statuses = (mode: Mode): string => {
    const all: Record<string, number> = {};
    for (const x of runs[mode]) for (const [code, n] of Object.entries(x.statuses)) all[code] = (all[code] ?? 0) + n;
    return JSON.stringify(all);
  };
  const measured = (mode: Mode): string =>
    `${rate(mode)} req/s = ${round(median(ratios(mode)))}× bare (rounds: ${ratios(mode).map(round).join(', ')}) ${statuses(mode)}`;
  const rows: BenchRow[] = [
    {
      figure: `bare node:http (calibration${bareRate === undefined ? '' : `, ${bareRate} req/s before the rounds`})`,
      measured: `${rate('bare')} req/s (median of ${ROUNDS} slices)`,
      goal: '',
    },
    {
      figure: `sim data plane, default topology (${CONNECTIONS} keep-alive connections, ${ROUNDS} rounds of ${SLICE_MS / 1000} s a server after ${WARMUP_MS / 1000} s warm-up)`,
      measured: measured('sim'),
      goal: '≥ 0.8× bare',
    },
    { figure: 'sim data plane, every request walking every hop', measured: measured('sim-full-walk'), goal: '' },
  ];
  const seconds = Number(process.env.SIM_BENCH_STORM_SECONDS ?? 30);
  rows.push(...meshRows('2,047-pod default mesh, 100 pod events/s', await meshAtScaleInChild(2000, 'scaled', 50, seconds), 300));
  rows.push(...meshRows('10,000-pod mesh (50 namespaces, 300 services), 500 pod events/s', await meshAtScaleInChild(10_000, 'production', 250, seconds), 600));
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.table(await runSimBench());
}
