/**
 * Prometheus scrape jobs for a cluster observed from outside it: each job
 * reads its targets from the harness' discovery endpoint (kube-targets.ts,
 * served by cluster-discovery.ts) and scrapes them over HTTPS through the
 * API server with the context's credentials (files written by
 * kube-api-access.ts). HTTP SD rather than `kubernetes_sd_configs`: Debian's
 * Prometheus build (the one the project installs) is compiled without
 * Kubernetes discovery, and `promtool check config` rejects that field there.
 * Pure.
 */
import type { KubeApiAccess } from './kube-api-access.js';
import { DISCOVERED_JOBS, KUBE_JOBS } from './kube-targets.js';

export interface KubeHttpClient {
  tls_config: { ca_file?: string; cert_file?: string; key_file?: string; insecure_skip_verify: boolean };
  authorization?: { type: 'Bearer'; credentials_file: string };
}

export interface KubeScrapeConfig extends Partial<KubeHttpClient> {
  job_name: string;
  honor_labels: boolean;
  scheme?: 'https' | 'http';
  metrics_path?: string;
  http_sd_configs?: { url: string; refresh_interval: string }[];
  static_configs?: { targets: string[] }[];
}

export interface KubeScrapeInput {
  access: KubeApiAccess;
  /** Base URL of the harness' discovery and proxy-status endpoint on loopback (`/sd/<job>`, `/metrics`). */
  observer: string;
  /** How often discovery is re-read. */
  refresh: string;
}

function httpClient(a: KubeApiAccess): KubeHttpClient {
  return {
    tls_config: {
      ...(a.caFile ? { ca_file: a.caFile } : {}),
      ...(a.certFile ? { cert_file: a.certFile } : {}),
      ...(a.keyFile ? { key_file: a.keyFile } : {}),
      insecure_skip_verify: a.insecureSkipVerify,
    },
    ...(a.tokenFile ? { authorization: { type: 'Bearer' as const, credentials_file: a.tokenFile } } : {}),
  };
}

export function kubeScrapeConfigs({ access, observer, refresh }: KubeScrapeInput): KubeScrapeConfig[] {
  const client = httpClient(access);
  const jobs: KubeScrapeConfig[] = DISCOVERED_JOBS.map((job) => ({
    job_name: job,
    // kube-state-metrics and cAdvisor series carry their own `namespace`/`pod`/`container`, which
    // must win over the target's, as in the simulator's config.
    honor_labels: true,
    scheme: 'https',
    ...client,
    http_sd_configs: [{ url: `${observer}/sd/${job}`, refresh_interval: refresh }],
  }));
  const exporter = new URL(observer);
  jobs.push({ job_name: KUBE_JOBS.exporter, honor_labels: true, scheme: 'http', static_configs: [{ targets: [exporter.host] }] });
  return jobs;
}
