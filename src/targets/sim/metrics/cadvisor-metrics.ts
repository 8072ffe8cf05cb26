/**
 * The cAdvisor series the kubelet exposes for running containers: working
 * set, CPU use and CFS throttling. The model gives throttling as a ratio;
 * cAdvisor publishes cumulative period counters, so this renderer integrates
 * them between scrapes (a container's counters restart with its cgroup).
 */
import { Exposition, escapeLabelValue, labelBody } from '../exposition.js';
import type { PodReading } from '../model/readings.js';

/** The kernel's default CFS period. */
const CFS_PERIOD_MS = 100;

interface CfsCounters {
  restarts: number;
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
}

export class CadvisorMetrics {
  private readonly cfs = new Map<string, CfsCounters>();
  private lastAt: number | null = null;

  /** `now` is model time: CFS periods elapse in the mesh's time. */
  render(out: Exposition, pods: readonly PodReading[], now: number): void {
    const dt = this.lastAt === null ? 0 : Math.max(0, now - this.lastAt);
    this.lastAt = now;
    const live = new Set<string>();
    const rows: { labels: string; working: number; limit: number | null; cpuSeconds: number; cfs: CfsCounters | null }[] = [];
    for (const p of pods) {
      for (const c of p.containers) {
        // cAdvisor only knows cgroups that exist: a waiting container has none.
        if (!c.running) continue;
        const key = `${p.namespace}/${p.pod}/${c.container}`;
        const labels = `${labelBody({ namespace: p.namespace, pod: p.pod, container: c.container })},image="${escapeLabelValue(c.image)}",name="k8s_${c.container}_${p.pod}"`;
        let cfs: CfsCounters | null = null;
        if (c.cpuLimitMilli !== null) {
          live.add(key);
          cfs = this.cfs.get(key) ?? { restarts: c.restarts, periods: 0, throttledPeriods: 0, throttledSeconds: 0 };
          if (cfs.restarts !== c.restarts) cfs = { restarts: c.restarts, periods: 0, throttledPeriods: 0, throttledSeconds: 0 };
          const periods = dt / CFS_PERIOD_MS;
          cfs.periods += periods;
          cfs.throttledPeriods += periods * c.cpuThrottledRatio;
          // Time the cgroup wanted to run but was held back: demand beyond the quota.
          const ratio = Math.min(c.cpuThrottledRatio, 0.99);
          cfs.throttledSeconds += (((c.cpuUsageMilli / 1000) * ratio) / (1 - ratio)) * (dt / 1000);
          this.cfs.set(key, cfs);
        }
        rows.push({ labels, working: c.memoryWorkingSetBytes, limit: c.memoryLimitBytes, cpuSeconds: c.cpuSecondsTotal, cfs });
      }
    }
    for (const key of this.cfs.keys()) if (!live.has(key)) this.cfs.delete(key);

    out.family('container_memory_working_set_bytes', 'gauge', 'Current working set of the container in bytes');
    for (const r of rows) out.sample('container_memory_working_set_bytes', r.labels, r.working);
    out.family('container_spec_memory_limit_bytes', 'gauge', 'Memory limit for the container.');
    for (const r of rows) out.sample('container_spec_memory_limit_bytes', r.labels, r.limit ?? 0);
    out.family('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.');
    for (const r of rows) out.sample('container_cpu_usage_seconds_total', `${r.labels},cpu="total"`, r.cpuSeconds);
    out.family('container_cpu_cfs_periods_total', 'counter', 'Number of elapsed enforcement period intervals.');
    for (const r of rows) if (r.cfs) out.sample('container_cpu_cfs_periods_total', r.labels, Math.floor(r.cfs.periods));
    out.family('container_cpu_cfs_throttled_periods_total', 'counter', 'Number of throttled period intervals.');
    for (const r of rows) if (r.cfs) out.sample('container_cpu_cfs_throttled_periods_total', r.labels, Math.floor(r.cfs.throttledPeriods));
    out.family('container_cpu_cfs_throttled_seconds_total', 'counter', 'Total time duration the container has been throttled.');
    for (const r of rows) if (r.cfs) out.sample('container_cpu_cfs_throttled_seconds_total', r.labels, r.cfs.throttledSeconds);
  }
}
