/**
 * The scrape jobs the simulator publishes, named as on a cluster, and the
 * metrics path of each target on the simulator's metrics listener.
 */
import type { SlowJob } from '../../port.js';

/** istiod :15014/metrics, one target per istiod pod. */
export const ISTIOD_JOB = 'istiod';
export const KUBE_STATE_JOB = 'kube-state-metrics';
/** The kubelet's cAdvisor endpoint (one target stands for every node). */
export const CADVISOR_JOB = 'cadvisor';
/** The sidecars' and gateway's `/stats/prometheus` (one target stands for every proxy; series carry `namespace`/`pod`). */
export const ENVOY_STATS_JOB = 'envoy-stats';
/** The gauges a real cluster would get from a small exporter (proxy-status, workload certificates). */
export const GAMEDAY_JOB = 'gameday-exporter';

export const SCRAPE_JOBS = [ISTIOD_JOB, KUBE_STATE_JOB, CADVISOR_JOB, ENVOY_STATS_JOB, GAMEDAY_JOB] as const;
export type ScrapeJob = (typeof SCRAPE_JOBS)[number];

export function istiodMetricsPath(namespace: string, pod: string): string {
  return `/metrics/${ISTIOD_JOB}/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}`;
}

export function jobMetricsPath(job: Exclude<ScrapeJob, typeof ISTIOD_JOB>): string {
  return `/metrics/${job}`;
}

/** One scrape target: where to scrape it and the labels Prometheus should give it. */
export interface ScrapeTarget {
  job: ScrapeJob;
  path: string;
  /** Target labels, as Kubernetes SD plus relabelling would set them (`namespace`, `pod`, `app`, …). */
  labels: Record<string, string>;
}

/**
 * The jobs whose exposition grows with every pod: kube-state-metrics and
 * cAdvisor write about 4 KB a pod between them, and each sidecar about 20 KB
 * per peer workload it has talked to (Istio's request series, per reporting pod).
 */
export const PER_POD_JOBS = [KUBE_STATE_JOB, CADVISOR_JOB, ENVOY_STATS_JOB] as const;

/**
 * Up to this many pods, every job is scraped each second; beyond, the
 * per-pod jobs one second later per this many more (10,000 pods: every 4 s),
 * so Prometheus reads about 10 MB a second of kube-state-metrics and cAdvisor
 * whatever the mesh's size (the sidecars' series grow with how widely the
 * traffic spreads, too). Clusters scrape these every 15–30 s.
 */
export const PODS_PER_SCRAPE_SECOND = 2_500;

/** How often the per-pod jobs of a mesh of `pods` pods are scraped (wall ms). */
export function perPodJobIntervalMs(pods: number): number {
  return Math.max(1, Math.ceil(pods / PODS_PER_SCRAPE_SECOND)) * 1000;
}

/** The per-pod jobs as slow jobs of the simulator's HTTP SD source at `metrics`, or none while every job is read each second. */
export function perPodSlowJobs(metrics: string, pods: number): SlowJob[] {
  const intervalMs = perPodJobIntervalMs(pods);
  if (intervalMs <= 1000) return [];
  return PER_POD_JOBS.map((job) => ({ job, url: `${metrics}/sd/${encodeURIComponent(job)}`, intervalMs }));
}
