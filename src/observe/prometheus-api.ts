/**
 * A small client for the Prometheus HTTP API: the alert and rule state the
 * watcher needs, and instant/range queries for steady-state checks and
 * reports. Every failure (refused, timed out, non-success) throws a
 * ComponentError: callers must treat "no answer" as unknown, never as
 * "no alert".
 */
import { ComponentError, errorText } from '../errors.js';

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  /** RFC 3339; the evaluation timestamp at which the expression first held. */
  activeAt: string;
  value: string;
}

export interface PromAlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  /** The rule's `for`, in seconds. */
  duration: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  alerts: PromAlert[];
  health: string;
  lastError?: string;
  /** RFC 3339 wall-clock start of the rule's last evaluation. */
  lastEvaluation: string;
  state: 'inactive' | 'pending' | 'firing';
}

export interface PromRuleGroup {
  name: string;
  file: string;
  rules: PromAlertingRule[];
  /** Evaluation interval in seconds. */
  interval: number;
  lastEvaluation: string;
}

export interface InstantSample {
  metric: Record<string, string>;
  /** [unix seconds, value as Prometheus prints it]. */
  value: [number, string];
}

export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** One entry of `/api/v1/targets` (active targets). */
export interface PromTarget {
  /** Labels before relabelling: `__address__`, and `__meta_url` for HTTP SD. */
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  lastError: string;
  /** RFC 3339 start of the last completed scrape; year 1 when never scraped. */
  lastScrape: string;
  health: 'up' | 'down' | 'unknown';
}

export class PrometheusApi {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 2000,
  ) {}

  async alerts(): Promise<PromAlert[]> {
    const data = await this.get<{ alerts: PromAlert[] }>('/api/v1/alerts');
    return data.alerts ?? [];
  }

  /** Alerting rules only (`type=alert`), grouped as in the rule files. */
  async rules(): Promise<PromRuleGroup[]> {
    const data = await this.get<{ groups: PromRuleGroup[] }>('/api/v1/rules?type=alert');
    return data.groups ?? [];
  }

  /** Targets being scraped now (dropped ones are left out). */
  async targets(): Promise<PromTarget[]> {
    const data = await this.get<{ activeTargets: PromTarget[] }>('/api/v1/targets?state=active');
    return data.activeTargets ?? [];
  }

  /** The configuration Prometheus is running, as it prints it (YAML, defaults filled in). */
  async config(): Promise<string> {
    const data = await this.get<{ yaml: string }>('/api/v1/status/config');
    return data.yaml;
  }

  /** Instant query; `atMs` defaults to Prometheus' now. Scalars come back as one sample without labels. */
  async query(expr: string, atMs?: number): Promise<InstantSample[]> {
    const q = new URLSearchParams({ query: expr });
    if (atMs !== undefined) q.set('time', String(atMs / 1000));
    const data = await this.get<{ resultType: string; result: InstantSample[] | [number, string] }>(`/api/v1/query?${q}`);
    if (data.resultType === 'scalar' || data.resultType === 'string') {
      return [{ metric: {}, value: data.result as [number, string] }];
    }
    return data.result as InstantSample[];
  }

  async queryRange(expr: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]> {
    const q = new URLSearchParams({ query: expr, start: String(startMs / 1000), end: String(endMs / 1000), step: `${stepMs / 1000}s` });
    const data = await this.get<{ result: RangeSeries[] }>(`/api/v1/query_range?${q}`);
    return data.result;
  }

  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new ComponentError('prometheus', `GET ${path}: ${errorText(err)}`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!isSuccess(body)) {
      const detail = isRecord(body) && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
      throw new ComponentError('prometheus', `GET ${path}: ${detail}`);
    }
    return body.data as T;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isSuccess(v: unknown): v is { status: 'success'; data: unknown } {
  return isRecord(v) && v.status === 'success' && isRecord(v.data);
}
