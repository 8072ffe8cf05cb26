import { createHash } from 'node:crypto';
import { SimModel, type SimModelOptions } from '../../../../src/targets/sim/model/sim-model.js';
import type { PodReading, RequestOutcome } from '../../../../src/targets/sim/model/readings.js';
import type { WorkloadRef } from '../../../../src/targets/operations.js';
import { stableStringify } from '../../../../src/targets/sim/model/stable-json.js';

export const T0 = Date.UTC(2026, 0, 1);
export const MiB = 2 ** 20;
export const ISTIOD: WorkloadRef = { namespace: 'istio-system', name: 'istiod-1-12-0' };

export function newModel(opts: Partial<SimModelOptions> = {}): SimModel {
  return new SimModel({ now: T0, seed: 42, ...opts });
}

/** Advances the model by `ms` of model time. */
export function run(m: SimModel, ms: number): void {
  m.advance(m.now() + ms);
}

export function podsOf(m: SimModel, namespace: string, deployment: string): PodReading[] {
  return m.pods().filter((p) => p.namespace === namespace && p.deployment === deployment);
}

export function istiodPods(m: SimModel): PodReading[] {
  return m.pods().filter((p) => p.role === 'istiod');
}

export function get(m: SimModel, path = '/'): RequestOutcome {
  return m.handleRequest({ path, method: 'GET' });
}

/** Share of `n` requests that returned `status`. */
export function share(m: SimModel, status: number, n = 50, path = '/'): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (get(m, path).status === status) k++;
  return k / n;
}

/** Working set of the running istiod discovery containers. */
export function discoveryWorkingSet(m: SimModel): number {
  return Math.max(...m.istiodMemory().map((r) => r.workingSetBytes));
}

/** A stable hash (16 hex digits of SHA-256) of the model's comparable state: equal configurations, equal digests. */
export function stateDigest(m: SimModel): string {
  return createHash('sha256').update(stableStringify(m.comparableState())).digest('hex').slice(0, 16);
}
