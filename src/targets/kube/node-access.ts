/**
 * What the Kubernetes API cannot do: a node's image cache and the registry
 * it pulls from. On kind the harness owns both (through `docker exec` and the
 * registry container); on an existing cluster nobody gives them, and the
 * operations are refused.
 */
import type { Operation } from '../operations.js';
import type { RegistryView } from '../views.js';

export type RegistryState = 'reachable' | 'unreachable' | 'slow';

export interface NodeAccess {
  /** Removes `ref` from `node`'s container image cache (already gone is fine). */
  evictImage(node: string, ref: string): Promise<void>;
  /** Puts the registry in `to`, from any state. */
  setRegistry(to: RegistryState): Promise<void>;
}

/** The registry state a `set-registry` asks for: unreachable, slow (any pull delay), or normal. */
export function registryState(op: Extract<Operation, { op: 'set-registry' }>): RegistryState {
  if (!op.reachable) return 'unreachable';
  return op.pullDelayMs > 0 ? 'slow' : 'reachable';
}

/** What the snapshot says of a registry in `state` (a slow one is reported with the delay last asked for). */
export function registryView(state: RegistryState, pullDelayMs: number): RegistryView {
  return { reachable: state !== 'unreachable', pullDelayMs: state === 'slow' ? pullDelayMs : 0 };
}
