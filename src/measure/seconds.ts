/**
 * The per-second grid the SLI lives on. the load engine reports one event per second;
 * the grid is epoch-aligned so events from any source fall on the same
 * seconds, and two events for one second (a late flush) merge into one.
 */
import type { TimelineEvent } from '../timeline.js';

export type SliEvent = Extract<TimelineEvent, { kind: 'sli' }>;

export const SECOND_MS = 1000;

export function secondOf(t: number): number {
  return Math.floor(t / SECOND_MS) * SECOND_MS;
}

export interface SliSecond {
  at: number;
  requests: number;
  failures: number;
  /** Worst of the merged events: the conservative reading. */
  p99Ms: number | null;
  byNamespace: Record<string, { requests: number; failures: number }>;
}

export function toSecond(e: SliEvent): SliSecond {
  const byNamespace: SliSecond['byNamespace'] = {};
  for (const [ns, v] of Object.entries(e.byNamespace ?? {})) byNamespace[ns] = { requests: v.requests, failures: v.failures };
  return { at: secondOf(e.at), requests: e.requests, failures: e.failures, p99Ms: e.p99Ms, byNamespace };
}

export function mergeSecond(a: SliSecond, b: SliSecond): SliSecond {
  const byNamespace: SliSecond['byNamespace'] = { ...a.byNamespace };
  for (const [ns, v] of Object.entries(b.byNamespace)) {
    const prev = byNamespace[ns];
    byNamespace[ns] = prev ? { requests: prev.requests + v.requests, failures: prev.failures + v.failures } : { ...v };
  }
  const p99Ms = a.p99Ms === null ? b.p99Ms : b.p99Ms === null ? a.p99Ms : Math.max(a.p99Ms, b.p99Ms);
  return { at: a.at, requests: a.requests + b.requests, failures: a.failures + b.failures, p99Ms, byNamespace };
}
