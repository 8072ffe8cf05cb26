/**
 * Simulator bench (`npx tsx bench/sim-bench.ts`):
 *
 * (a) data-plane requests/s next to a bare node:http server answering the
 *     same path: each server in its own process, driven by the same raw-socket
 *     keep-alive load generator in this process, same connections and time.
 *     Targets: sim ≥ half the bare rate and ≥ 2,000 req/s.
 * (b) a 2,000-pod mesh (the default topology scaled up) under a churn storm of
 *     ~100 pod events/s: model tick p99 (target < 10 ms), one full scrape of
 *     every job (target < 250 ms), resident memory (target < 300 MB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../src/clock.js';
import { percentile } from '../src/observe/load/sli-series.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';
import { runLoad } from './sim-load.js';
import { scaledTopology } from './sim-topology.js';

const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.SIM_BENCH_SECONDS ?? 8) * 1000;

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

async function dataPlaneRate(mode: string): Promise<{ perSecond: number; statuses: Record<string, number> }> {
  const { url, child } = await startServer(mode);
  try {
    await runLoad(url, { connections: CONNECTIONS, durationMs: 1_000 }); // warm-up (JIT)
    return await runLoad(url, { connections: CONNECTIONS, durationMs: DURATION_MS });
  } finally {
    await stop(child);
  }
}

/** (b): 2,000 pods, churn of ~100 pod events/s (50 deletions/s, each a delete and a create), driven on a virtual clock. */
async function meshAtScale(): Promise<Record<string, number | string>> {
  const clock = new VirtualClock(Date.now());
  const topology = scaledTopology(2000);
  const target = new SimTarget({ clock, topology, tickMs: 100 });
  const e = await target.up();
  let events = 0;
  target.onEvent(() => events++);
  const snap = await target.snapshot();
  const namespaces = [...new Set(snap.pods.map((p) => p.namespace))].filter((n) => n !== 'istio-system');
  const churnSeconds = 30;
  for (let s = 0; s < churnSeconds; s++) {
    for (let step = 0; step < 10; step++) {
      // 5 deletions per 100 ms: 50/s, i.e. 100 pod events/s with their replacements.
      for (let k = 0; k < 5; k++) {
        const namespace = namespaces[(s * 50 + step * 5 + k) % namespaces.length]!;
        await target.apply({ op: 'delete-pods', namespace, count: 1 });
      }
      await clock.advance(100);
    }
  }
  const ticks = target.tickStats()!.recentMs;
  const sortedTicks = [...ticks].sort((a, b) => a - b);
  const groups = (await (await fetch(`${e.metrics}/sd`)).json()) as { labels: Record<string, string> }[];
  const perJob: Record<string, number> = {};
  const scrapeStart = performance.now();
  let bytes = 0;
  for (const g of groups) {
    const t0 = performance.now();
    bytes += (await (await fetch(`${e.metrics}${g.labels.__metrics_path__}`)).text()).length;
    const job = g.labels.job ?? '?';
    perJob[job] = (perJob[job] ?? 0) + performance.now() - t0;
  }
  const scrapeMs = performance.now() - scrapeStart;
  const pods = (await target.snapshot()).pods.length;
  await target.down();
  return {
    'mesh pods': pods,
    'target events during the storm (per s)': Math.round(events / churnSeconds),
    'model tick p50 (ms)': round(percentile(sortedTicks, 0.5) ?? NaN),
    'model tick p99 (ms)': round(percentile(sortedTicks, 0.99) ?? NaN),
    'full scrape, all jobs (ms)': round(scrapeMs),
    'full scrape size (KiB)': Math.round(bytes / 1024),
    'scrape per job (ms)': Object.entries(perJob)
      .map(([job, ms]) => `${job} ${round(ms)}`)
      .join(', '),
    'resident memory (MB)': Math.round(process.memoryUsage().rss / 1e6),
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

export async function runSimBench(): Promise<Record<string, number | string>> {
  const bare = await dataPlaneRate('bare');
  const sim = await dataPlaneRate('sim');
  const full = await dataPlaneRate('sim-full-walk');
  const results: Record<string, number | string> = {
    'load generator': `${CONNECTIONS} keep-alive connections, ${DURATION_MS / 1000} s, raw sockets`,
    'data-plane model': 'SimModel, default topology',
    'bare node:http (req/s)': Math.round(bare.perSecond),
    'sim data plane (req/s)': Math.round(sim.perSecond),
    'sim / bare': round(sim.perSecond / bare.perSecond),
    'sim statuses': JSON.stringify(sim.statuses),
    'sim, every request walks every hop (req/s)': Math.round(full.perSecond),
    'full walk / bare': round(full.perSecond / bare.perSecond),
    'full walk statuses': JSON.stringify(full.statuses),
  };
  return { ...results, ...(await meshAtScale()) };
}

function printTable(results: Record<string, number | string>): void {
  const width = Math.max(...Object.keys(results).map((k) => k.length));
  for (const [k, v] of Object.entries(results)) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printTable(await runSimBench());
}
