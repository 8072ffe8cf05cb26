/**
 * One line of `vegeta encode --to json`: one request's result —
 * `{"attack","seq","code","timestamp","latency"(ns),"bytes_out","bytes_in",
 * "error","body","method","url","headers"}` (lib/results.go in
 * github.com/tsenart/vegeta/v12). `code` 0 with `error` set means no reply
 * came (timeout, refused connection): a failed request, as k6 counts it.
 */
import type { RequestResult } from './sli-series.js';
import { jsonObject } from './json-object.js';

/** The simulator's reply header naming the namespace that produced the response (also addable on a real mesh). */
export const NAMESPACE_HEADER = 'X-Gameday-Namespace';

export interface ParsedResult extends RequestResult {
  /** Epoch ms at which the request was sent (vegeta's timestamp). */
  sentAt: number;
  url: string;
}

/** `url` → the namespace its route leads to, for replies that name none. */
export type RouteNamespaces = ReadonlyMap<string, string>;

export function parseVegetaLine(line: string, routes: RouteNamespaces = new Map()): ParsedResult | null {
  const raw = jsonObject(line);
  if (!raw) return null;
  const r = raw as { code?: unknown; timestamp?: unknown; latency?: unknown; url?: unknown; headers?: unknown };
  if (typeof r.code !== 'number' || typeof r.timestamp !== 'string' || typeof r.latency !== 'number') return null;
  const sentAt = Date.parse(r.timestamp);
  if (Number.isNaN(sentAt)) return null;
  const latencyMs = r.latency / 1e6;
  const url = typeof r.url === 'string' ? r.url : '';
  const namespace = headerValue(r.headers, NAMESPACE_HEADER) ?? routes.get(url);
  return {
    sentAt,
    endedAt: sentAt + latencyMs,
    status: String(r.code),
    // k6's rule, kept so both engines count alike: only 200–399 pass.
    failed: r.code < 200 || r.code >= 400,
    latencyMs,
    url,
    ...(namespace !== undefined && { namespace }),
  };
}

/** Go's http.Header as JSON: canonical names, each with a list of values. */
function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const values = (headers as Record<string, unknown>)[name];
  return Array.isArray(values) && typeof values[0] === 'string' && values[0] !== '' ? values[0] : undefined;
}
