/**
 * A responder's YAML operation to the Operation union of
 * targets/operations.ts: quantities to bytes, durations to ms, defaults
 * filled.
 */
import type { Operation, RolloutStrategy } from '../targets/operations.js';
import type { Convert } from './convert.js';
import type { PathSegment } from './issue.js';
import type { OperationYaml } from './schema-operations.js';

export function normaliseOperation(o: OperationYaml, path: PathSegment[], c: Convert): Operation {
  const at = (...rest: PathSegment[]): PathSegment[] => [...path, ...rest];
  switch (o.op) {
    case 'set-memory-limit':
      return { op: o.op, workload: o.workload, container: o.container, limitBytes: c.nullableBytes(o.limit, at('limit')) };
    case 'set-rollout-strategy': {
      const strategy: RolloutStrategy =
        o.strategy.type === 'Recreate'
          ? { type: 'Recreate' }
          : {
              type: 'RollingUpdate',
              maxSurge: String(o.strategy.maxSurge ?? '25%'),
              maxUnavailable: String(o.strategy.maxUnavailable ?? '25%'),
            };
      return { op: o.op, workload: o.workload, strategy };
    }
    case 'scale':
      return { op: o.op, workload: o.workload, replicas: o.replicas };
    case 'rollout-restart':
      return { op: o.op, workload: o.workload };
    case 'delete-pods':
      return {
        op: o.op,
        namespace: o.namespace,
        ...(o.selector !== undefined && { selector: o.selector }),
        ...(o.names !== undefined && { names: o.names }),
        ...(o.count !== undefined && { count: o.count }),
      };
    case 'set-image':
      return { op: o.op, workload: o.workload, container: o.container, image: o.image };
    case 'apply-authorization-policy':
      return { op: o.op, policy: o.policy };
    case 'delete-authorization-policy':
      return { op: o.op, namespace: o.namespace, name: o.name };
    case 'evict-image':
      return { op: o.op, image: o.image, ...(o.nodes !== undefined && { nodes: o.nodes }) };
    case 'set-registry':
      return { op: o.op, reachable: o.reachable, pullDelayMs: o.pullDelay === undefined ? 0 : c.ms(o.pullDelay, at('pullDelay')) };
    case 'install-revision':
      return {
        op: o.op,
        revision: o.revision,
        version: o.version,
        replicas: o.replicas ?? 1,
        memoryLimitBytes: c.nullableBytes(o.memoryLimit, at('memoryLimit')),
      };
    case 'uninstall-revision':
      return { op: o.op, revision: o.revision };
    case 'set-revision-tag':
      return { op: o.op, tag: o.tag, revision: o.revision };
    case 'remove-revision-tag':
      return { op: o.op, tag: o.tag };
    case 'set-namespace-revision':
      return { op: o.op, namespace: o.namespace, revision: o.revision, ...(o.injection !== undefined && { injection: o.injection }) };
    case 'set-proxy-config': {
      const r = o.resources;
      return {
        op: o.op,
        namespace: o.namespace,
        ...(o.workload !== undefined && { workload: o.workload }),
        ...(r !== undefined && {
          resources: {
            ...(r.cpuRequest !== undefined && { cpuRequestMilli: c.milli(r.cpuRequest, at('resources', 'cpuRequest')) }),
            ...(r.cpuLimit !== undefined && { cpuLimitMilli: c.milli(r.cpuLimit, at('resources', 'cpuLimit')) }),
            ...(r.memoryRequest !== undefined && { memoryRequestBytes: c.bytes(r.memoryRequest, at('resources', 'memoryRequest')) }),
            ...(r.memoryLimit !== undefined && { memoryLimitBytes: c.bytes(r.memoryLimit, at('resources', 'memoryLimit')) }),
          },
        }),
        ...(o.accessLog !== undefined && {
          accessLog: {
            enabled: o.accessLog.enabled,
            encoding: o.accessLog.encoding ?? 'TEXT',
            componentLogLevel: o.accessLog.componentLogLevel ?? 'warning',
          },
        }),
      };
    }
    case 'set-cert-ttl':
      return { op: o.op, ttlMs: c.ms(o.ttl, at('ttl')) };
    case 'set-config-load':
      return { op: o.op, namespace: o.namespace, serviceEntries: o.serviceEntries };
  }
}
