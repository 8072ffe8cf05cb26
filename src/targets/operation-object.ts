/**
 * The object an Operation changes, named as a cluster would name it
 * (`kind/namespace/name`), so a change made through the simulator reads on a
 * timeline like one an informer saw on a cluster. Operations on no single
 * object (a registry, a node's image cache) are named by what they touch.
 */
import { CONTROL_PLANE_NAMESPACE } from './operation-scope.js';
import type { Operation } from './operations.js';

export function operationObject(op: Operation): string {
  switch (op.op) {
    case 'set-memory-limit':
    case 'set-rollout-strategy':
    case 'scale':
    case 'rollout-restart':
    case 'set-image':
      return `deployment/${op.workload.namespace}/${op.workload.name}`;
    case 'set-proxy-config':
      return `deployment/${op.namespace}/${op.workload ?? '*'}`;
    case 'delete-pods':
      return `pod/${op.namespace}/${op.names?.join(',') ?? '*'}`;
    case 'apply-authorization-policy':
      return `authorizationpolicy/${op.policy.namespace}/${op.policy.name}`;
    case 'delete-authorization-policy':
      return `authorizationpolicy/${op.namespace}/${op.name}`;
    case 'set-namespace-revision':
      return `namespace//${op.namespace}`;
    case 'set-config-load':
      return `serviceentry/${op.namespace}/*`;
    case 'install-revision':
    case 'uninstall-revision':
      return `deployment/${CONTROL_PLANE_NAMESPACE}/istiod-${op.revision}`;
    case 'set-revision-tag':
    case 'remove-revision-tag':
      return `mutatingwebhookconfiguration//istio-revision-tag-${op.tag}`;
    case 'set-cert-ttl':
      return `configmap/${CONTROL_PLANE_NAMESPACE}/istio`;
    case 'evict-image':
      return `image/${op.image}`;
    case 'set-registry':
      return 'registry';
  }
}
