/**
 * A mesh at scale under a churn storm, driven on a virtual clock: the model's
 * tick durations, a full scrape of every job once per (virtual) second as
 * Prometheus would do it, and the process' resident memory at the end.
 */
import { spawn } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { VirtualClock } from '../src/clock.js';
import { percentile } from '../src/observe/load/sli-series.js';
import type { TopologySpec } from '../src/targets/sim/model/topology-spec.js';
import { SimTarget } from '../src/targets/sim/sim-target.js';
import { type GcInTicks, watchCollections } from './gc-in-ticks.js';

export interface MeshScaleOptions {
  topology: TopologySpec;
  /** Pod deletions per second; each is two pod events (the pod goes, its replacement comes). */
  deletionsPerSecond: number;
  seconds?: number;
}

export interface MeshScaleFigures {
  pods: number;
  podEventsPerSecond: number;
  targetEventsPerSecond: number;
  tickP50Ms: number;
  tickP99Ms: number;
  /** V8's collections that began inside a tick, of all during the storm (gc-in-ticks.ts). */
  gcInTicks: GcInTicks;
  /** Full scrape of every job, once per second of the storm: median and worst. */
  scrapeP50Ms: number;
  scrapeMaxMs: number;
  scrapeKiB: number;
  /** Per job, in the worst scrape. */
  perJob: string;
  /** Per job, the median over the scrapes. */
  perJobMedian: string;
  rssMB: number;
}

interface Scrape {
  ms: number;
  bytes: number;
  perJob: Record<string, number>;
}

/**
 * The scraper runs in its own process, as Prometheus does: reading 40 MB on
 * the simulator's thread would bill the client's work to the simulator, and
 * its buffers would count in the simulator's resident memory. Plain
 * JavaScript, run with \`node -e\`. It reads each body whole into one buffer,
 * as Prometheus' scrape loop does, through node:http: fetch() would pass
 * every chunk through a web stream and a promise, a cost of the client (a
 * quarter more time at 10,000 pods) that neither the simulator nor
 * Prometheus has. And like Prometheus it reads each target's body into the
 * buffer its last scrape of that target used, grown when the body outgrows
 * it (scrape/scrape.go: sl.buffers.Get(sl.lastScrapeSize)): gathering the
 * chunks and concatenating them into fresh memory every scrape cost the
 * client ~35 ms of 42 MiB at 10,000 pods on a 2-core machine.
 */
const SCRAPER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
const buffers = new Map();
function body(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let buf = buffers.get(url) ?? Buffer.allocUnsafe(64 * 1024);
      let n = 0;
      res.on('data', (c) => {
        if (n + c.length > buf.length) {
          const grown = Buffer.allocUnsafe(Math.max(2 * buf.length, n + c.length));
          buf.copy(grown, 0, 0, n);
          buf = grown;
        }
        c.copy(buf, n);
        n += c.length;
      });
      res.on('end', () => { buffers.set(url, buf); resolve(buf.subarray(0, n)); });
      res.on('error', reject);
    }).on('error', reject);
  });
}
process.on('message', async (metrics) => {
  const groups = JSON.parse((await body(metrics + '/sd')).toString());
  const perJob = {};
  let bytes = 0;
  const started = performance.now();
  for (const g of groups) {
    const t0 = performance.now();
    bytes += (await body(metrics + g.labels.__metrics_path__)).length;
    const job = g.labels.job ?? '?';
    perJob[job] = (perJob[job] ?? 0) + performance.now() - t0;
  }
  process.send({ ms: performance.now() - started, bytes, perJob });
});
`;

function scraper(): { scrapeAll: (metrics: string) => Promise<Scrape>; close: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', SCRAPER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    scrapeAll: (metrics) =>
      new Promise<Scrape>((resolve, reject) => {
        const gone = (): void => reject(new Error('the scraper process exited'));
        child.once('exit', gone);
        child.once('message', (m) => {
          child.off('exit', gone);
          resolve(m as Scrape);
        });
        child.send(metrics);
      }),
    close: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

export async function meshAtScale(opts: MeshScaleOptions): Promise<MeshScaleFigures> {
  const seconds = opts.seconds ?? 30;
  const clock = new VirtualClock(Date.now());
  const target = new SimTarget({ clock, topology: opts.topology, tickMs: 100 });
  const e = await target.up();
  const { scrapeAll, close } = scraper();
  try {
    let events = 0;
    target.onEvent(() => events++);
    const snap = await target.snapshot();
    const namespaces = [...new Set(snap.pods.map((p) => p.namespace))].filter((n) => n !== 'istio-system');
    const perStep = opts.deletionsPerSecond / 10;
    const scrapes: Scrape[] = [];
    let deleted = 0;
    const collections = watchCollections();
    for (let s = 0; s < seconds; s++) {
      for (let step = 0; step < 10; step++) {
        // Spread evenly over the second: carry the fraction to the next step.
        const due = Math.floor((s * 10 + step + 1) * perStep) - deleted;
        for (let k = 0; k < due; k++, deleted++) {
          await target.apply({ op: 'delete-pods', namespace: namespaces[deleted % namespaces.length]!, count: 1 });
        }
        await clock.advance(100);
        // In a run each tick is a timer callback, its own turn of the event loop, and V8 runs most
        // young-generation collections between turns: it posts them as foreground tasks once the new
        // space is ~80% full (deps/v8/src/heap/scavenge-job.h in nodejs/node). A virtual clock never
        // yields a turn, so here each would start wherever the space ran out, inside a tick three or
        // four times a storm. One turn per tick, as the timer gives.
        await nextTurn();
      }
      scrapes.push(await scrapeAll(e.metrics));
    }
    const stats = target.tickStats()!;
    const gcInTicks = collections.stop(stats);
    const ticks = [...stats.recentMs].sort((a, b) => a - b);
    const byTime = [...scrapes].sort((a, b) => a.ms - b.ms);
    const worst = byTime[byTime.length - 1]!;
    return {
      pods: (await target.snapshot()).pods.length,
      podEventsPerSecond: Math.round((2 * deleted) / seconds),
      targetEventsPerSecond: Math.round(events / seconds),
      tickP50Ms: round(percentile(ticks, 0.5) ?? NaN),
      tickP99Ms: round(percentile(ticks, 0.99) ?? NaN),
      gcInTicks,
      scrapeP50Ms: round(percentile(byTime.map((x) => x.ms), 0.5) ?? NaN),
      scrapeMaxMs: round(worst.ms),
      scrapeKiB: Math.round(worst.bytes / 1024),
      perJob: Object.entries(worst.perJob)
        .map(([job, ms]) => `${job} ${round(ms)}`)
        .join(', '),
      perJobMedian: Object.keys(worst.perJob)
        .map((job) => `${job} ${round(percentile(scrapes.map((x) => x.perJob[job] ?? 0).sort((a, b) => a - b), 0.5) ?? NaN)}`)
        .join(', '),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    };
  } finally {
    await close();
    await target.down();
  }
}

export const round = (n: number): number => Math.round(n * 100) / 100;

/** Runs `meshAtScale` in a fresh process, so its resident memory is the mesh's alone. */
export async function meshAtScaleInChild(pods: number, shape: 'scaled' | 'production', deletionsPerSecond: number, seconds = 30): Promise<MeshScaleFigures> {
  const { fileURLToPath } = await import('node:url');
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(pods), shape, String(deletionsPerSecond), String(seconds), '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`mesh-scale bench for ${pods} pods exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as MeshScaleFigures;
}

if (process.argv[1]?.endsWith('mesh-scale.ts')) {
  const { productionTopology, scaledTopology } = await import('./sim-topology.js');
  const [pods = '10000', shape = 'production', deletions = '250', seconds = '30'] = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const topology = shape === 'scaled' ? scaledTopology(Number(pods)) : productionTopology(Number(pods));
  const figures = await meshAtScale({ topology, deletionsPerSecond: Number(deletions), seconds: Number(seconds) });
  console.log(process.argv.includes('--json') ? JSON.stringify(figures) : figures);
}
