/**
 * The per-run Prometheus configuration, as data, from where the mesh is
 * (a ScrapeSource), which rules to evaluate and where Alertmanager is.
 * Pure: the process wrapper writes it and promtool checks it.
 */
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { ScrapeSource } from '../targets/port.js';

export interface PrometheusConfigInput {
  scrape: ScrapeSource;
  /** Rule files, resolved to absolute paths in the output. */
  ruleFiles: readonly string[];
  /** `host:port` of the run's Alertmanager; no alerting section without it. */
  alertmanager?: string;
  /** 1 s in the simulator profile; a real mesh is usually scraped every 15–30 s. */
  scrapeIntervalMs: number;
  evaluationIntervalMs: number;
  /** How often HTTP SD is re-read; defaults to the scrape interval so a dead pod leaves fast. */
  sdRefreshMs?: number;
}

/** The job a ScrapeSource of kind http-sd is read under; targets may set their own `job` label. */
export const HTTP_SD_JOB = 'gameday-sd';

export interface PrometheusConfig {
  global: { scrape_interval: string; scrape_timeout: string; evaluation_interval: string };
  rule_files: string[];
  alerting?: { alertmanagers: { api_version: 'v2'; timeout: string; static_configs: { targets: string[] }[] }[] };
  scrape_configs: ScrapeConfig[];
}

export interface ScrapeConfig {
  job_name: string;
  honor_labels: boolean;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  http_sd_configs?: { url: string; refresh_interval: string }[];
}

/** `1s`, `1500ms`: Prometheus durations have no fractions. */
export function promDuration(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

export function prometheusConfig(input: PrometheusConfigInput): PrometheusConfig {
  const scrapeInterval = promDuration(input.scrapeIntervalMs);
  const config: PrometheusConfig = {
    global: {
      scrape_interval: scrapeInterval,
      // Must not exceed the interval; Prometheus' 10 s default would be rejected at 1 s.
      scrape_timeout: promDuration(Math.min(10_000, input.scrapeIntervalMs)),
      evaluation_interval: promDuration(input.evaluationIntervalMs),
    },
    rule_files: input.ruleFiles.map((f) => resolve(f)),
    scrape_configs: scrapeConfigs(input),
  };
  if (input.alertmanager) {
    config.alerting = {
      alertmanagers: [{ api_version: 'v2', timeout: '5s', static_configs: [{ targets: [input.alertmanager] }] }],
    };
  }
  return config;
}

export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  return `# Written by istio-gameday for one run.\n${stringify(prometheusConfig(input))}`;
}

function scrapeConfigs(input: PrometheusConfigInput): ScrapeConfig[] {
  const src = input.scrape;
  // A cluster is scraped through its API server; that configuration is the cluster observer's.
  if (src.kind === 'kubernetes') return [];
  // honor_labels: one kube-state-metrics or cAdvisor endpoint exposes series for many pods, each
  // with its own `namespace`/`pod`; those must win over the target's labels, as in cluster setups.
  if (src.kind === 'http-sd') {
    return [
      {
        job_name: HTTP_SD_JOB,
        honor_labels: true,
        http_sd_configs: [{ url: src.url, refresh_interval: promDuration(input.sdRefreshMs ?? input.scrapeIntervalMs) }],
      },
    ];
  }
  return src.jobs.map((j) => ({
    job_name: j.job,
    honor_labels: true,
    ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
    static_configs: [{ targets: j.targets }],
  }));
}
