/**
 * The cAdvisor series the kubelet exposes for running containers: working
 * set, CPU use and CFS throttling. The model gives throttling as a ratio;
 * cAdvisor publishes cumulative period counters, so this renderer integrates
 * them between scrapes (a container's counters restart with its cgroup).
 */
import { Exposition, escapeLabelValue, formatValue, labelBody } from '../exposition.js';
import { addContainerUsage, emptyContainerUsage, type ContainerReading, type ContainerUsage, type PodReading } from '../model/readings.js';
import { FragmentCache, type Fragments } from './fragment-cache.js';
import { readInBatches } from './read-batch.js';
import { LineWriter } from './line-writer.js';

/** The kernel's default CFS period. */
const CFS_PERIOD_MS = 100;

interface CfsCounters {
  restarts: number;
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
}

/**
 * The families, in the order they are written; the last three only for
 * containers with a CPU limit. The first CACHED keep each pod's lines between
 * scrapes (memory moves seldom); the CPU counters move for every running
 * sidecar every scrape, so theirs are written afresh, straight into bytes.
 */
const CACHED = 2;
const FAMILIES: readonly [string, 'gauge' | 'counter', string][] = [
  ['container_memory_working_set_bytes', 'gauge', 'Current working set of the container in bytes'],
  ['container_spec_memory_limit_bytes', 'gauge', 'Memory limit for the container.'],
  ['container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.'],
  ['container_cpu_cfs_periods_total', 'counter', 'Number of elapsed enforcement period intervals.'],
  ['container_cpu_cfs_throttled_periods_total', 'counter', 'Number of throttled period intervals.'],
  ['container_cpu_cfs_throttled_seconds_total', 'counter', 'Total time duration the container has been throttled.'],
];

/**
 * What a running container's lines show: the start of each line (name and
 * labels), rendered once; its CFS counters; and the values last written, so a
 * family's lines are rendered again only when a value in them moved (the
 * memory families of most pods, between scrapes).
 */
interface ContainerSeries {
  name: string;
  image: string;
  restarts: number;
  memoryLimitBytes: number;
  hasCfs: boolean;
  /** Line starts of the cached families. */
  prefixes: string[];
  /** Line starts of the others, encoded (family CACHED first). */
  starts: Buffer[];
  cfs: CfsCounters | null;
  /** The values last written, one per family; NaN before the first. */
  values: Float64Array;
}

/** A pod's running containers by index (null for one not running), as of its status `version`. */
interface PodSeries {
  version: number | string;
  containers: (ContainerSeries | null)[];
}

/** Where the renderer reads pods from: a model that versions pod status, or plain readings (see `readingsSource`). */
export interface PodSource {
  podVersions(): { keys: string[]; versions: (number | string)[] };
  podsByKey(keys: readonly string[]): PodReading[];
  containerUsage(): ContainerUsage;
}

/** Each family's line start for a container: name, labels and the space before the value. */
function lineStarts(p: PodReading, c: ContainerReading): string[] {
  const labels = `${labelBody({ namespace: p.namespace, pod: p.pod, container: c.container })},image="${escapeLabelValue(c.image)}",name="k8s_${c.container}_${p.pod}"`;
  return FAMILIES.map(([name], i) => (i === 2 ? `${name}{${labels},cpu="total"} ` : `${name}{${labels}} `));
}

/** The series of `p`'s running containers, keeping those of `old` that are the same container (and their CFS counters). */
function podSeries(p: PodReading, version: number | string, old: PodSeries | undefined): PodSeries {
  const containers = p.containers.map((c, i): ContainerSeries | null => {
    // cAdvisor only knows cgroups that exist: a waiting container has none.
    if (!c.running) return null;
    const o = old?.containers[i];
    if (o && o.name === c.container && o.image === c.image) {
      o.restarts = c.restarts;
      return o;
    }
    const starts = lineStarts(p, c);
    return {
      name: c.container,
      image: c.image,
      restarts: c.restarts,
      memoryLimitBytes: c.memoryLimitBytes ?? 0,
      hasCfs: c.cpuLimitMilli !== null,
      prefixes: starts.slice(0, CACHED),
      starts: starts.slice(CACHED).map((t) => Buffer.from(t, 'utf8')),
      cfs: null,
      values: new Float64Array(FAMILIES.length).fill(NaN),
    };
  });
  return { version, containers };
}

/** A PodSource over readings a model handed over whole: each pod's version is what its series show. */
export function readingsSource(pods: readonly PodReading[]): PodSource {
  const byKey = new Map(pods.map((p) => [`${p.namespace}/${p.pod}`, p]));
  const version = (p: PodReading): string => p.containers.map((c) => `${c.container} ${c.image} ${c.restarts} ${c.running} ${c.memoryLimitBytes} ${c.cpuLimitMilli}`).join('\u0000');
  return {
    podVersions: () => ({ keys: [...byKey.keys()], versions: pods.map(version) }),
    podsByKey: (keys) => keys.map((k) => byKey.get(k)!),
    containerUsage: () => {
      const u = emptyContainerUsage();
      for (const [key, p] of byKey)
        p.containers.forEach((c, i) => {
          if (c.running) addContainerUsage(u, key, i, c.memoryWorkingSetBytes, c);
        });
      return u;
    },
  };
}

export class CadvisorMetrics {
  /** One object per pod with running containers: each cached family's fragment holds the lines of all of them. */
  private readonly series = new FragmentCache<PodSeries>(CACHED);
  /** Bytes each written-afresh family took in the last scrape, to size the next. */
  private readonly lastBytes: number[] = FAMILIES.slice(CACHED).map(() => 0);
  private writers: LineWriter[] = [];
  /** The buffers the last scrape's fresh families went out in, for the next one to write over when it may. */
  private readonly lastBuffers: (Buffer | undefined)[] = [];
  private lastAt: number | null = null;
  private readonly values = new Float64Array(FAMILIES.length);
  private readonly changed: boolean[] = FAMILIES.map(() => false);

  /** `now` is model time: CFS periods elapse in the mesh's time. */
  render(out: Exposition, source: PodSource, now: number): void {
    const dt = this.lastAt === null ? 0 : Math.max(0, now - this.lastAt);
    this.lastAt = now;
    const { keys, versions } = source.podVersions();
    const u = source.containerUsage();
    this.series.begin();
    // Pods with running containers, in order, each with the range of its rows in `u`; usage lists pods in podVersions' order.
    const visited: Fragments<PodSeries>[] = [];
    const from: number[] = [];
    const stale: Fragments<PodSeries>[] = [];
    const staleVersions: (number | string)[] = [];
    let k = 0;
    for (let i = 0; i < u.pods.length; ) {
      const key = u.pods[i]!;
      while (k < keys.length && keys[k] !== key) k++;
      const f = this.series.visit(key);
      if (f.memo === undefined || f.memo.version !== versions[k]) {
        stale.push(f);
        staleVersions.push(versions[k]!);
      }
      visited.push(f);
      from.push(i);
      while (i < u.pods.length && u.pods[i] === key) i++;
    }
    from.push(u.pods.length);
    this.writers = this.lastBytes.map((n, i) => new LineWriter(Math.ceil(n * 1.1), out.recycle ? this.lastBuffers[i] : undefined));
    readInBatches(
      stale,
      (keys) => source.podsByKey(keys),
      (p, f, i) => {
        f.memo = podSeries(p, staleVersions[i]!, f.memo);
        // Containers came or went: every family of the pod is written afresh.
        for (const c of f.memo.containers) c?.values.fill(NaN);
      },
    );
    for (let n = 0; n < visited.length; n++) this.renderPod(visited[n]!, u, from[n]!, from[n + 1]!, dt);
    this.series.end();
    FAMILIES.forEach(([name, type, help], i) => {
      out.family(name, type, help);
      if (i < CACHED) this.series.write(out, i);
      else {
        const writer = this.writers[i - CACHED]!;
        const lines = writer.done();
        this.lastBytes[i - CACHED] = lines.length;
        this.lastBuffers[i - CACHED] = writer.buffer();
        out.bytes(lines);
      }
    });
    this.writers = [];
  }

  /** Writes one pod's lines from its rows `[start, end)` of `u`: the cached families' only when a value in them moved. */
  private renderPod(f: Fragments<PodSeries>, u: ContainerUsage, start: number, end: number, dt: number): void {
    const pod = f.memo!;
    const v = this.values;
    const changed = this.changed;
    changed.fill(false);
    for (let r = start; r < end; r++) {
      const s = pod.containers[u.index[r]!];
      if (!s) continue;
      v[0] = u.workingSetBytes[r]!;
      v[1] = s.memoryLimitBytes;
      v[2] = u.cpuSecondsTotal[r]!;
      if (s.hasCfs) {
        const cfs = this.integrate(s, u.cpuUsageMilli[r]!, u.cpuThrottledRatio[r]!, dt);
        v[3] = Math.floor(cfs.periods);
        v[4] = Math.floor(cfs.throttledPeriods);
        v[5] = cfs.throttledSeconds;
      }
      for (let i = 0; i < CACHED; i++) {
        if (s.values[i] === v[i]) continue;
        s.values[i] = v[i]!;
        changed[i] = true;
      }
      // The CFS families have lines only for containers with a CPU limit.
      const families = s.hasCfs ? FAMILIES.length : 3;
      for (let i = CACHED; i < families; i++) this.writers[i - CACHED]!.line(s.starts[i - CACHED]!, v[i]!);
    }
    for (let i = 0; i < CACHED; i++) {
      if (!changed[i]) continue;
      let text = '';
      for (let r = start; r < end; r++) {
        const s = pod.containers[u.index[r]!];
        if (s) text += `${s.prefixes[i]}${formatValue(s.values[i]!)}\n`;
      }
      this.series.set(f, i, text);
    }
  }

  /** Advances a container's CFS counters by `dt`; a restarted container (new cgroup) starts from zero. */
  private integrate(s: ContainerSeries, cpuUsageMilli: number, throttledRatio: number, dt: number): CfsCounters {
    if (s.cfs === null || s.cfs.restarts !== s.restarts) s.cfs = { restarts: s.restarts, periods: 0, throttledPeriods: 0, throttledSeconds: 0 };
    const cfs = s.cfs;
    const periods = dt / CFS_PERIOD_MS;
    cfs.periods += periods;
    cfs.throttledPeriods += periods * throttledRatio;
    // Time the cgroup wanted to run but was held back: demand beyond the quota.
    const ratio = Math.min(throttledRatio, 0.99);
    cfs.throttledSeconds += (((cpuUsageMilli / 1000) * ratio) / (1 - ratio)) * (dt / 1000);
    return cfs;
  }
}
