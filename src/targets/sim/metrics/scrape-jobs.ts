/**
 * The scrape jobs the simulator publishes, named as on a cluster, and the
 * metrics path of each target on the simulator's metrics listener.
 */

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
