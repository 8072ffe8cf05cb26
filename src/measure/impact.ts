/**
 * What users felt: failed requests, error budget, latency and blast radius
 * over the impact window (DEFINITIONS.failedRequests and following).
 */
import type { ObjectivesSpec } from '../scenario/types.js';
import { DEFINITIONS } from './definitions.js';
import { figure, type Figure } from './figure.js';
import type { SliSecond } from './seconds.js';

export interface Impact {
  /** [from, to) of the SLI seconds counted; null when nothing was injected. */
  window: { from: number; to: number } | null;
  failedRequests: Figure;
  requestsInRun: Figure;
  errorBudgetBurned: Figure;
  p99WorstMs: Figure;
  p99MedianMs: Figure;
  blastRadius: Figure;
  /** Namespaces with failures in the window, sorted. */
  impactedNamespaces: string[];
  /** Namespaces that received requests during the run, sorted. */
  namespaces: string[];
}

export function measureImpact(all: readonly SliSecond[], window: { from: number; to: number } | null, slo: ObjectivesSpec['slo']): Impact {
  const requestsInRun = sum(all.map((s) => s.requests));
  const namespaces = [
    ...new Set(
      all.flatMap((s) =>
        Object.entries(s.byNamespace)
          .filter(([, v]) => v.requests > 0)
          .map(([ns]) => ns),
      ),
    ),
  ].sort();
  const runFigure = figure(requestsInRun, 'requests', DEFINITIONS.requestsInRun);
  if (!window) {
    const why = 'no fault was injected';
    return {
      window: null,
      failedRequests: figure(null, 'requests', DEFINITIONS.failedRequests, why),
      requestsInRun: runFigure,
      errorBudgetBurned: figure(null, 'ratio', DEFINITIONS.errorBudgetBurned, why),
      p99WorstMs: figure(null, 'ms', DEFINITIONS.p99Worst, why),
      p99MedianMs: figure(null, 'ms', DEFINITIONS.p99Median, why),
      blastRadius: figure(null, 'ratio', DEFINITIONS.blastRadius, why),
      impactedNamespaces: [],
      namespaces,
    };
  }
  const inWindow = all.filter((s) => s.at >= window.from && s.at < window.to);
  const failed = sum(inWindow.map((s) => s.failures));
  const p99s = inWindow.map((s) => s.p99Ms).filter((p): p is number => p !== null);
  const impacted = [
    ...new Set(
      inWindow.flatMap((s) =>
        Object.entries(s.byNamespace)
          .filter(([, v]) => v.failures > 0)
          .map(([ns]) => ns),
      ),
    ),
  ].sort();
  return {
    window,
    failedRequests: figure(failed, 'requests', DEFINITIONS.failedRequests),
    requestsInRun: runFigure,
    errorBudgetBurned: budget(failed, requestsInRun, slo),
    p99WorstMs:
      p99s.length > 0
        ? figure(Math.max(...p99s), 'ms', DEFINITIONS.p99Worst)
        : figure(null, 'ms', DEFINITIONS.p99Worst, 'no latency data in the impact window'),
    p99MedianMs:
      p99s.length > 0
        ? figure(median(p99s), 'ms', DEFINITIONS.p99Median)
        : figure(null, 'ms', DEFINITIONS.p99Median, 'no latency data in the impact window'),
    blastRadius:
      namespaces.length > 0
        ? figure(impacted.length / namespaces.length, 'ratio', DEFINITIONS.blastRadius)
        : figure(null, 'ratio', DEFINITIONS.blastRadius, 'the load did not tag requests by namespace'),
    impactedNamespaces: impacted,
    namespaces,
  };
}

function budget(failed: number, requests: number, slo: ObjectivesSpec['slo']): Figure {
  if (!slo) return figure(null, 'ratio', DEFINITIONS.errorBudgetBurned, 'the scenario sets no SLO');
  const allowed = (1 - slo.target) * requests;
  if (allowed <= 0)
    return figure(
      null,
      'ratio',
      DEFINITIONS.errorBudgetBurned,
      requests === 0 ? 'no requests in the run' : 'an SLO target of 100% has no error budget',
    );
  return figure(failed / allowed, 'ratio', DEFINITIONS.errorBudgetBurned);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
