/**
 * Prometheus HTTP service discovery for the simulator's scrape targets.
 *
 * Format (Prometheus `http_sd_config`): a JSON array of target groups
 * `{targets: ["host:port"], labels: {...}}`. Labels of a group become target
 * labels, and Prometheus sets `job`, `__metrics_path__` and `instance` from the
 * scrape config or address only when the target does not already carry them.
 * So ONE SD URL (`/sd`) serves every job: each group names its `job` and
 * `__metrics_path__`, and Prometheus' scrape config needs a single
 * `http_sd_configs` entry (observe/prometheus-config.ts does exactly that).
 * `/sd/<job>` serves one job's groups, for configs that keep one scrape job
 * per URL.
 */
import type { ScrapeTarget } from './metrics/scrape-jobs.js';

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Target groups for the given targets, all served from `hostPort` (the metrics listener). */
export function targetGroups(targets: readonly ScrapeTarget[], hostPort: string, job?: string): TargetGroup[] {
  return targets
    .filter((t) => job === undefined || t.job === job)
    .map((t) => ({
      targets: [hostPort],
      labels: { ...t.labels, job: t.job, __metrics_path__: t.path },
    }));
}
