/**
 * Which of V8's collections began inside a model tick. A collection that
 * lands in a tick is part of that tick's duration; V8 schedules most of its
 * young-generation collections as foreground tasks between turns of the event
 * loop (deps/v8/src/heap/scavenge-job.h in nodejs/node), so how many fall
 * inside ticks says whether the ticks were driven as a run drives them.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { TickStats } from '../src/targets/sim/model-driver.js';

export interface GcInTicks {
  young: number;
  youngInTicks: number;
  other: number;
  otherInTicks: number;
}

/** Records every collection from now until `stop`, which counts those that began inside one of the ticks. */
export function watchCollections(): { stop: (ticks: TickStats) => GcInTicks } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: (ticks) => {
      entries.push(...observer.takeRecords());
      observer.disconnect();
      const counts: GcInTicks = { young: 0, youngInTicks: 0, other: 0, otherInTicks: 0 };
      for (const e of entries) {
        const young = (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
        const inside = insideTick(ticks, e.startTime);
        if (young) {
          counts.young++;
          if (inside) counts.youngInTicks++;
        } else {
          counts.other++;
          if (inside) counts.otherInTicks++;
        }
      }
      return counts;
    },
  };
}

/** The ticks' start instants are in order: the last tick that began at or before `t`, and whether `t` falls before its end. */
function insideTick(ticks: TickStats, t: number): boolean {
  const starts = ticks.recentStartedAt;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || t < starts[0]!) return false;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return t < starts[lo]! + ticks.recentMs[lo]!;
}

export const describeGcInTicks = (g: GcInTicks): string =>
  `young-generation collections begun inside a tick: ${g.youngInTicks} of ${g.young}; others: ${g.otherInTicks} of ${g.other}`;
