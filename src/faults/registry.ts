/**
 * Every fault the harness knows, by type: what the runner injects and what
 * `gameday list` shows. Adding a fault is one file plus one line here.
 */
import { UsageError } from '../errors.js';
import type { FaultParams, FaultType } from '../scenario/types.js';
import { accessLogFlood } from './access-log-flood.js';
import { canaryUpgrade } from './canary-upgrade.js';
import { denyPolicy } from './deny-policy.js';
import type { Fault } from './fault.js';
import { imageCacheEvict } from './image-cache-evict.js';
import { inplaceUpgrade } from './inplace-upgrade.js';
import { istiodOom } from './istiod-oom.js';
import { istiodOutage } from './istiod-outage.js';
import { podChurn } from './pod-churn.js';
import { sidecarStarvation } from './sidecar-starvation.js';
import type { TargetKind } from '../targets/port.js';

type FaultOf<T extends FaultType> = Fault<Extract<FaultParams, { type: T }>>;

/** One entry per fault type; the mapped type makes a missing or mistyped entry a compile error. */
const FAULTS: { [T in FaultType]: FaultOf<T> } = {
  'istiod-oom': istiodOom,
  'image-cache-evict': imageCacheEvict,
  'deny-policy': denyPolicy,
  'pod-churn': podChurn,
  'istiod-outage': istiodOutage,
  'inplace-upgrade': inplaceUpgrade,
  'canary-upgrade': canaryUpgrade,
  'access-log-flood': accessLogFlood,
  'sidecar-starvation': sidecarStarvation,
};

/**
 * Targets each fault can run on. Evicting an image from a node needs node access, which only
 * kind (docker exec) and the simulator give.
 */
export const FAULT_TARGETS: { [T in FaultType]: readonly TargetKind[] } = {
  'istiod-oom': ['sim', 'kind', 'cluster'],
  'image-cache-evict': ['sim', 'kind'],
  'deny-policy': ['sim', 'kind', 'cluster'],
  'pod-churn': ['sim', 'kind', 'cluster'],
  'istiod-outage': ['sim', 'kind', 'cluster'],
  'inplace-upgrade': ['sim', 'kind', 'cluster'],
  'canary-upgrade': ['sim', 'kind', 'cluster'],
  'access-log-flood': ['sim', 'kind', 'cluster'],
  'sidecar-starvation': ['sim', 'kind', 'cluster'],
};

export interface FaultListing {
  type: FaultType;
  summary: string;
  targets: readonly TargetKind[];
}

/** The fault for a type. Typed loosely on purpose: the runner holds FaultParams whose type matches at run time. */
export function faultFor(type: string): Fault {
  if (!Object.hasOwn(FAULTS, type)) {
    throw new UsageError(`unknown fault type "${type}" (known: ${Object.keys(FAULTS).join(', ')})`);
  }
  return FAULTS[type as FaultType] as unknown as Fault;
}

/** Every fault, in a stable order, for `gameday list`. */
export function listFaults(): FaultListing[] {
  return (Object.keys(FAULTS) as FaultType[]).map((type) => ({ type, summary: FAULTS[type].summary, targets: FAULT_TARGETS[type] }));
}
