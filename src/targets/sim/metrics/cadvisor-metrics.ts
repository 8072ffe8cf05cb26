/**
 * The cAdvisor series the kubelet exposes for running containers: working
 * set, CPU use and CFS throttling. The model gives throttling as a ratio;
 * cAdvisor publishes cumulative period counters, so this renderer integrates
 * them between scrapes (a container's counters restart with its cgroup).
 */
import { Exposition, escapeLabelValue, formatValue, labelBody } from '../exposition.js';
import type { ContainerReading, PodReading } from '../model/readings.js';

/** The kernel's default CFS period. */
const CFS_PERIOD_MS = 100;

interface CfsCounters {
  restarts: number;
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
}

/** The families, in the order they are written; the last three only for containers with a CPU limit. */
const FAMILIES: readonly [string, 'gauge' | 'counter', string][] = [
  ['container_memory_working_set_bytes', 'gauge', 'Current working set of the container in bytes'],
  ['container_spec_memory_limit_bytes', 'gauge', 'Memory limit for the container.'],
  ['container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.'],
  ['container_cpu_cfs_periods_total', 'counter', 'Number of elapsed enforcement period intervals.'],
  ['container_cpu_cfs_throttled_periods_total', 'counter', 'Number of throttled period intervals.'],
  ['container_cpu_cfs_throttled_seconds_total', 'counter', 'Total time duration the container has been throttled.'],
];

const EMPTY = Buffer.alloc(0);

/**
 * A live container: the start of each of its lines (name and labels),
 * rendered once; its CFS counters; and its lines as last written, reused
 * while the values they show are the same (most containers between scrapes).
 */
interface ContainerSeries {
  image: string;
  prefixes: string[];
  cfs: CfsCounters | null;
  /** The values last written, one per family. */
  values: Float64Array;
  /** The line last written per family; null before the first. */
  lines: (Buffer | null)[];
  /** The render pass that last saw it. */
  pass: number;
}

function prefixes(p: PodReading, c: ContainerReading): string[] {
  const labels = `${labelBody({ namespace: p.namespace, pod: p.pod, container: c.container })},image="${escapeLabelValue(c.image)}",name="k8s_${c.container}_${p.pod}"`;
  return FAMILIES.map(([name], i) => (i === 2 ? `${name}{${labels},cpu="total"} ` : `${name}{${labels}} `));
}

export class CadvisorMetrics {
  private readonly series = new Map<string, ContainerSeries>();
  private lastAt: number | null = null;
  private pass = 0;
  private readonly values = new Float64Array(FAMILIES.length);

  /** `now` is model time: CFS periods elapse in the mesh's time. */
  render(out: Exposition, pods: readonly PodReading[], now: number): void {
    const dt = this.lastAt === null ? 0 : Math.max(0, now - this.lastAt);
    this.lastAt = now;
    const pass = ++this.pass;
    const used: ContainerSeries[] = [];
    const v = this.values;
    for (const p of pods) {
      for (const c of p.containers) {
        // cAdvisor only knows cgroups that exist: a waiting container has none.
        if (!c.running) continue;
        const key = `${p.namespace}/${p.pod}/${c.container}`;
        let s = this.series.get(key);
        if (s === undefined || s.image !== c.image) {
          s = { image: c.image, prefixes: prefixes(p, c), cfs: s?.cfs ?? null, values: new Float64Array(FAMILIES.length), lines: FAMILIES.map(() => null), pass };
          this.series.set(key, s);
        }
        s.pass = pass;
        v[0] = c.memoryWorkingSetBytes;
        v[1] = c.memoryLimitBytes ?? 0;
        v[2] = c.cpuSecondsTotal;
        const hasCfs = c.cpuLimitMilli !== null;
        if (!hasCfs) {
          s.cfs = null;
          v[3] = v[4] = v[5] = 0;
        } else {
          const cfs = this.integrate(s, c, dt);
          v[3] = Math.floor(cfs.periods);
          v[4] = Math.floor(cfs.throttledPeriods);
          v[5] = cfs.throttledSeconds;
        }
        for (let i = 0; i < v.length; i++) {
          // The CFS families have lines only for containers with a CPU limit.
          if (i >= 3 && !hasCfs) {
            s.lines[i] = EMPTY;
            continue;
          }
          if (s.lines[i] && s.lines[i] !== EMPTY && Object.is(s.values[i], v[i])) continue;
          s.values[i] = v[i]!;
          s.lines[i] = Buffer.from(`${s.prefixes[i]}${formatValue(v[i]!)}\n`, 'utf8');
        }
        used.push(s);
      }
    }
    for (const [key, s] of this.series) if (s.pass !== pass) this.series.delete(key);
    FAMILIES.forEach(([name, type, help], i) => {
      out.family(name, type, help);
      for (const s of used) out.bytes(s.lines[i] ?? EMPTY);
    });
  }

  /** Advances a container's CFS counters by `dt`; a restarted container (new cgroup) starts from zero. */
  private integrate(s: ContainerSeries, c: ContainerReading, dt: number): CfsCounters {
    if (s.cfs === null || s.cfs.restarts !== c.restarts) s.cfs = { restarts: c.restarts, periods: 0, throttledPeriods: 0, throttledSeconds: 0 };
    const cfs = s.cfs;
    const periods = dt / CFS_PERIOD_MS;
    cfs.periods += periods;
    cfs.throttledPeriods += periods * c.cpuThrottledRatio;
    // Time the cgroup wanted to run but was held back: demand beyond the quota.
    const ratio = Math.min(c.cpuThrottledRatio, 0.99);
    cfs.throttledSeconds += (((c.cpuUsageMilli / 1000) * ratio) / (1 - ratio)) * (dt / 1000);
    return cfs;
  }
}
