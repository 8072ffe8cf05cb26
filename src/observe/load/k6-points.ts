/**
 * One line of k6's JSON output (`k6 run --out json=FILE`): a `Metric`
 * declaration, or a `Point` {"type":"Point","data":{"time":RFC3339Nano,
 * "value":…,"tags":{…}},"metric":"name"} (https://grafana.com/docs/k6/latest/results-output/real-time/json/).
 */
import { jsonObject } from './json-object.js';
export interface K6Point {
  metric: string;
  /** Epoch ms. */
  time: number;
  value: number;
  tags: Record<string, string>;
}

/** The namespaced failure metric `load/steady.js` writes. */
export const NAMESPACE_METRIC = 'gameday_request_failed';
export const NAMESPACE_TAG = 'namespace';

/** One line of `k6 run --out json=…`; null for `Metric` declarations and anything unreadable. */
export function parseK6Line(line: string): K6Point | null {
  if (!line.includes('"Point"')) return null;
  const raw = jsonObject(line);
  if (!raw) return null;
  const r = raw as { type?: unknown; metric?: unknown; data?: { time?: unknown; value?: unknown; tags?: unknown } };
  if (r.type !== 'Point' || typeof r.metric !== 'string' || !r.data) return null;
  const time = typeof r.data.time === 'string' ? Date.parse(r.data.time) : NaN;
  if (Number.isNaN(time) || typeof r.data.value !== 'number') return null;
  const tags: Record<string, string> = {};
  if (typeof r.data.tags === 'object' && r.data.tags !== null) {
    for (const [k, v] of Object.entries(r.data.tags)) if (typeof v === 'string') tags[k] = v;
  }
  return { metric: r.metric, time, value: r.data.value, tags };
}
