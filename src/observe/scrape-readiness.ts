/**
 * Whether a running Prometheus is scraping a given ScrapeSource, judged
 * from its own API answers: the loaded config (`/api/v1/status/config`)
 * names exactly that source's jobs, only that source's targets are active
 * (`/api/v1/targets`), and each was scraped at or after an instant. Used
 * after a start or a reload, so a run's steady state is judged on samples
 * from its own target and not on what the previous target left. Pure.
 */
import { parse } from 'yaml';
import type { ScrapeSource } from '../targets/port.js';
import type { PromTarget } from './prometheus-api.js';
import { HTTP_SD_JOB, slowJobName } from './prometheus-config.js';
import { errorText } from '../errors.js';
import { KUBE_JOBS } from './kube-targets.js';

const KUBE_JOB_NAMES: readonly string[] = Object.values(KUBE_JOBS);

/** Prometheus labels an HTTP SD target with the URL it was discovered from. */
const SD_URL_LABEL = '__meta_url';

/** The part of a loaded scrape config this check reads. */
interface LoadedScrapeConfig {
  job_name?: unknown;
  http_sd_configs?: { url?: unknown }[];
  static_configs?: { targets?: unknown }[];
}

/** null when the source is loaded and every one of its targets was scraped at or after `sinceMs`; otherwise what is still missing. */
export function scrapeReadiness(source: ScrapeSource, configYaml: string, targets: readonly PromTarget[], sinceMs: number): string | null {
  const loaded = configMismatch(source, configYaml);
  if (loaded) return loaded;
  const belongs = targetFilter(source);
  const stale = targets.filter((t) => !belongs(t));
  if (stale.length > 0) return `previous targets still active: ${stale.map(describe).join(', ')}`;
  const mine = targets.filter(belongs);
  // Nothing discovered yet reads the same as a source that discovers nothing: not ready either way.
  if (mine.length === 0) return `no target discovered from ${sourceName(source)} yet`;
  if (source.kind === 'static') {
    const missing = source.jobs.flatMap((j) => j.targets.filter((addr) => !mine.some((t) => t.scrapePool === j.job && address(t) === addr)).map((addr) => `${j.job}/${addr}`));
    if (missing.length > 0) return `static targets not active yet: ${missing.join(', ')}`;
  }
  const unscraped = mine.filter((t) => scrapedAt(t) < sinceMs);
  if (unscraped.length > 0) return `not scraped since ${new Date(sinceMs).toISOString()}: ${unscraped.map(describe).join(', ')}`;
  return null;
}

/** What differs between the source and the config Prometheus is running, or null. */
export function configMismatch(source: ScrapeSource, configYaml: string): string | null {
  let jobs: LoadedScrapeConfig[];
  try {
    const doc = parse(configYaml) as { scrape_configs?: LoadedScrapeConfig[] } | null;
    jobs = doc?.scrape_configs ?? [];
  } catch (err) {
    return `running config unreadable: ${errorText(err)}`;
  }
  const byName = new Map(jobs.map((j) => [String(j.job_name), j]));
  const names = [...byName.keys()].sort();
  if (source.kind === 'kubernetes') {
    const missing = KUBE_JOB_NAMES.filter((j) => !byName.has(j));
    const foreign = names.filter((n) => !KUBE_JOB_NAMES.includes(n));
    return missing.length === 0 && foreign.length === 0 ? null : `running config has jobs [${names.join(', ')}], not the cluster's [${KUBE_JOB_NAMES.join(', ')}]`;
  }
  const want = source.kind === 'http-sd' ? sdPools(source).map((p) => p.pool) : source.jobs.map((j) => j.job);
  if (names.join('\n') !== [...want].sort().join('\n')) return `running config has jobs [${names.join(', ')}], not [${want.join(', ')}]`;
  if (source.kind === 'http-sd') {
    for (const { pool, url } of sdPools(source)) {
      const urls = (byName.get(pool)?.http_sd_configs ?? []).map((c) => c.url);
      if (!urls.includes(url)) return `running config discovers ${pool === HTTP_SD_JOB ? '' : `${pool} `}from ${urls.join(', ') || 'nothing'}, not ${url}`;
    }
    return null;
  }
  for (const j of source.jobs) {
    const loaded = (byName.get(j.job)?.static_configs ?? []).flatMap((c) => (Array.isArray(c.targets) ? c.targets.map(String) : []));
    if ([...loaded].sort().join('\n') !== [...j.targets].sort().join('\n')) return `running config scrapes ${j.job} at [${loaded.join(', ')}], not [${j.targets.join(', ')}]`;
  }
  return null;
}

function targetFilter(source: ScrapeSource): (t: PromTarget) => boolean {
  if (source.kind === 'kubernetes') return (t) => KUBE_JOB_NAMES.includes(t.scrapePool);
  if (source.kind === 'http-sd') {
    const pools = sdPools(source);
    return (t) => pools.some((p) => t.scrapePool === p.pool && t.discoveredLabels[SD_URL_LABEL] === p.url);
  }
  return (t) => source.jobs.some((j) => j.job === t.scrapePool && j.targets.includes(address(t)));
}

/** The scrape configs an http-sd source is read under, and the URL each discovers from. */
function sdPools(source: Extract<ScrapeSource, { kind: 'http-sd' }>): { pool: string; url: string }[] {
  return [{ pool: HTTP_SD_JOB, url: source.url }, ...(source.slowJobs ?? []).map((j) => ({ pool: slowJobName(j.job), url: j.url }))];
}

function address(t: PromTarget): string {
  return t.discoveredLabels.__address__ ?? '';
}

/** Epoch ms of the target's last scrape (a never-scraped target says year 1); unreadable counts as never. */
function scrapedAt(t: PromTarget): number {
  const at = Date.parse(t.lastScrape);
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

function describe(t: PromTarget): string {
  return `${t.scrapePool}/${t.scrapeUrl}`;
}

function sourceName(source: ScrapeSource): string {
  if (source.kind === 'kubernetes') return `context ${source.context}`;
  return source.kind === 'http-sd' ? source.url : `static jobs ${source.jobs.map((j) => j.job).join(', ')}`;
}
