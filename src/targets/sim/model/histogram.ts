/** Fixed-bucket histograms for the `pilot_*` series (bounds in seconds, from docs/istio.md#istiod-metrics). */
import type { Histogram } from './state.js';
import type { HistogramReading } from './readings.js';

/** `pilot_xds_push_time` buckets. */
export const PUSH_TIME_BOUNDS = [0.01, 0.1, 1, 3, 5, 10, 20, 30] as const;
/** `pilot_proxy_convergence_time` buckets. */
export const CONVERGENCE_BOUNDS = [0.1, 0.5, 1, 3, 5, 10, 20, 30] as const;

export function newHistogram(bounds: readonly number[]): Histogram {
  return { bounds, counts: bounds.map(() => 0), overflow: 0, sum: 0, count: 0 };
}

export function observe(h: Histogram, v: number, times = 1): void {
  let i = 0;
  while (i < h.bounds.length && v > h.bounds[i]!) i++;
  if (i < h.bounds.length) h.counts[i]! += times;
  else h.overflow += times;
  h.sum += v * times;
  h.count += times;
}

export function readHistogram(h: Histogram): HistogramReading {
  return { bounds: h.bounds, counts: [...h.counts], overflow: h.overflow, sum: h.sum, count: h.count };
}
