/** The `pilot_*` counters of one istiod process; they restart from zero with the process. */
import { CONVERGENCE_BOUNDS, PUSH_TIME_BOUNDS, newHistogram } from './histogram.js';
import type { PilotCounters } from './state.js';

export const PUSH_TYPES = ['cds', 'eds', 'lds', 'rds'] as const;

export function newPilotCounters(): PilotCounters {
  const pushes: Record<string, number> = {};
  const pushTime: PilotCounters['pushTime'] = {};
  for (const t of PUSH_TYPES) {
    pushes[t] = 0;
    pushes[`${t}_senderr`] = 0;
    pushTime[t] = newHistogram(PUSH_TIME_BOUNDS);
  }
  return {
    pushes,
    pushTime,
    convergence: newHistogram(CONVERGENCE_BOUNDS),
    queueTime: newHistogram(CONVERGENCE_BOUNDS),
    debounceTime: newHistogram(CONVERGENCE_BOUNDS),
    pushTriggers: { endpoint: 0, config: 0, proxy: 0 },
    inboundUpdates: { eds: 0, config: 0 },
    rejects: { cds: 0, eds: 0, lds: 0, rds: 0 },
    expiredNonce: 0,
    refusedStreams: 0,
    registryEvents: {},
  };
}
