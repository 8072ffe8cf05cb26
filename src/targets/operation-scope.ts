/**
 * The namespaces an operation changes, so the guard can check them against
 * the allow list and the GameDay label before anything is sent. Revision
 * installs, uninstalls, tags and the mesh config live in istiod's namespace.
 */
import type { Operation } from './operations.js';

export const CONTROL_PLANE_NAMESPACE = 'istio-system';

export function operationNamespaces(op: Operation): string[] {
  switch (op.op) {
    case 'set-memory-limit':
    case 'set-rollout-strategy':
    case 'scale':
    case 'rollout-restart':
    case 'set-image':
      return [op.workload.namespace];
    case 'delete-pods':
    case 'delete-authorization-policy':
    case 'set-namespace-revision':
    case 'set-proxy-config':
    case 'set-config-load':
      return [op.namespace];
    case 'apply-authorization-policy':
      return [op.policy.namespace];
    case 'install-revision':
    case 'uninstall-revision':
    case 'set-revision-tag':
    case 'remove-revision-tag':
    case 'set-cert-ttl':
      return [CONTROL_PLANE_NAMESPACE];
    case 'evict-image':
    case 'set-registry':
      return [];
  }
}

/** Operations that need the nodes' container runtime or the registry: not possible through the API alone. */
export function needsNodeAccess(op: Operation): boolean {
  return op.op === 'evict-image' || op.op === 'set-registry';
}
