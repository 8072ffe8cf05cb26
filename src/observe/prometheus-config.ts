/**
 * The per-run Prometheus configuration, as data, from where the mesh is
 * (a ScrapeSource), which rules to evaluate and where Alertmanager is.
 * Pure: the process wrapper writes it and promtool checks it.
 */
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { ScrapeSource } from '../targets/port.js';
import { kubeScrapeConfigs, type KubeScrapeConfig, type KubeScrapeInput } from './kube-scrape-config.js';

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
  /** For a `kubernetes` source: the API server credentials written for this run, and the harness' cluster observer. */
  kube?: Omit<KubeScrapeInput, 'refresh'>;
}

/** The job a ScrapeSource of kind http-sd is read under; targets may set their own `job` label. */
export const HTTP_SD_JOB = 'gameday-sd';

/** The scrape config of an http-sd source's slow job (SlowJob). */
export function slowJobName(job: string): string {
  return `${HTTP_SD_JOB}-${job}`;
}

export interface PrometheusConfig {
  global: { scrape_interval: string; scrape_timeout: string; evaluation_interval: string };
  rule_files: string[];
  alerting?: { alertmanagers: { api_version: 'v2'; timeout: string; static_configs: { targets: string[] }[] }[] };
  scrape_configs: (ScrapeConfig | KubeScrapeConfig)[];
}

export interface ScrapeConfig {
  job_name: string;
  honor_labels: boolean;
  scrape_interval?: string;
  scrape_timeout?: string;
  metrics_path?: string;
  relabel_configs?: { source_labels: string[]; regex: string; action: 'drop' }[];
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

function scrapeConfigs(input: PrometheusConfigInput): (ScrapeConfig | KubeScrapeConfig)[] {
  const src = input.scrape;
  if (src.kind === 'kubernetes') {
    if (!input.kube) throw new Error(`scraping context ${src.context} needs its API server credentials written first (observe/kube-api-access.ts)`);
    return kubeScrapeConfigs({ ...input.kube, refresh: promDuration(input.sdRefreshMs ?? input.scrapeIntervalMs) });
  }
  // honor_labels: one kube-state-metrics or cAdvisor endpoint exposes series for many pods, each
  // with its own `namespace`/`pod`; those must win over the target's labels, as in cluster setups.
  if (src.kind === 'http-sd') {
    const refresh = promDuration(input.sdRefreshMs ?? input.scrapeIntervalMs);
    const slow = src.slowJobs ?? [];
    return [
      {
        job_name: HTTP_SD_JOB,
        honor_labels: true,
        http_sd_configs: [{ url: src.url, refresh_interval: refresh }],
        // The slow jobs' targets are in this URL's list too: scraped by their own configs instead.
        ...(slow.length > 0 ? { relabel_configs: [{ source_labels: ['job'], regex: slow.map((j) => escapeRegex(j.job)).join('|'), action: 'drop' as const }] } : {}),
      },
      ...slow.map((j) => ({
        job_name: slowJobName(j.job),
        honor_labels: true,
        scrape_interval: promDuration(j.intervalMs),
        scrape_timeout: promDuration(Math.min(10_000, j.intervalMs)),
        http_sd_configs: [{ url: j.url, refresh_interval: refresh }],
      })),
    ];
  }
  return src.jobs.map((j) => ({
    job_name: j.job,
    honor_labels: true,
    ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
    static_configs: [{ targets: j.targets }],
  }));
}

/** `text` matched literally in a Prometheus (RE2, anchored) regex. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
