/**
 * A fault's YAML params to the FaultParams of types.ts, with the defaults
 * the schema descriptions promise.
 */
import type { Convert } from './convert.js';
import { DEFAULT_POD_CHURN_MIX } from './defaults.js';
import type { PathSegment } from './issue.js';
import type { FaultParams } from './types.js';
import type { FaultParamsYaml, FaultYaml } from './schema-faults.js';

export function normaliseFaultParams(f: FaultYaml, path: PathSegment[], c: Convert): FaultParams {
  const at = (...rest: PathSegment[]): PathSegment[] => [...path, 'params', ...rest];
  switch (f.type) {
    case 'istiod-oom': {
      const p: FaultParamsYaml<'istiod-oom'> = f.params ?? {};
      return {
        type: f.type,
        ...(p.revision !== undefined && { revision: p.revision }),
        ...(p.memoryLimit !== undefined && { memoryLimitBytes: c.bytes(p.memoryLimit, at('memoryLimit')) }),
        belowWorkingSet: p.belowWorkingSet === undefined ? 0.7 : c.ratio(p.belowWorkingSet, at('belowWorkingSet')),
        extraProxies: p.extraProxies ?? 0,
        extraConfigObjects: p.extraConfigObjects ?? 0,
        strategy: p.strategy ?? 'Recreate',
      };
    }
    case 'image-cache-evict': {
      const p = f.params as FaultParamsYaml<'image-cache-evict'>;
      return {
        type: f.type,
        image: p.image,
        ...(p.nodes !== undefined && { nodes: p.nodes }),
        registry: p.registry ?? 'unreachable',
        pullDelayMs: p.pullDelay === undefined ? 30_000 : c.ms(p.pullDelay, at('pullDelay')),
        ...(p.registryOutage !== undefined && { registryOutageMs: c.ms(p.registryOutage, at('registryOutage')) }),
      };
    }
    case 'deny-policy': {
      const p = f.params as FaultParamsYaml<'deny-policy'>;
      return {
        type: f.type,
        namespace: p.namespace,
        name: p.name,
        ...(p.selector !== undefined && { selector: p.selector }),
        mode: p.mode ?? 'enforce',
        rules: p.rules,
      };
    }
    case 'pod-churn': {
      const p = f.params as FaultParamsYaml<'pod-churn'>;
      const mix = p.mix
        ? { delete: p.mix.delete ?? 0, restart: p.mix.restart ?? 0, scale: p.mix.scale ?? 0 }
        : { ...DEFAULT_POD_CHURN_MIX };
      return { type: f.type, namespaces: p.namespaces, eventsPerSecond: p.eventsPerSecond, mix };
    }
    case 'istiod-outage': {
      const p: FaultParamsYaml<'istiod-outage'> = f.params ?? {};
      return {
        type: f.type,
        ...(p.revision !== undefined && { revision: p.revision }),
        ...(p.certTtl !== undefined && { certTtlMs: c.ms(p.certTtl, at('certTtl')) }),
      };
    }
    case 'inplace-upgrade': {
      const p = f.params as FaultParamsYaml<'inplace-upgrade'>;
      return {
        type: f.type,
        ...(p.revision !== undefined && { revision: p.revision }),
        toVersion: p.toVersion,
        ...(p.memoryLimit !== undefined && { memoryLimitBytes: c.bytes(p.memoryLimit, at('memoryLimit')) }),
        ...(p.restartWorkloadsAfter !== undefined && {
          restartWorkloadsAfterMs: c.ms(p.restartWorkloadsAfter, at('restartWorkloadsAfter')),
        }),
      };
    }
    case 'canary-upgrade': {
      const p = f.params as FaultParamsYaml<'canary-upgrade'>;
      return {
        type: f.type,
        ...(p.fromRevision !== undefined && { fromRevision: p.fromRevision }),
        toRevision: p.toRevision,
        toVersion: p.toVersion,
        ...(p.memoryLimit !== undefined && { memoryLimitBytes: c.bytes(p.memoryLimit, at('memoryLimit')) }),
        canaryNamespaces: p.canaryNamespaces,
        stages: (p.stages ?? []).map((s, i) => ({ afterMs: c.ms(s.after, at('stages', i, 'after')), namespaces: s.namespaces })),
        tag: p.tag ?? 'stable',
      };
    }
    case 'access-log-flood': {
      const p = f.params as FaultParamsYaml<'access-log-flood'>;
      return {
        type: f.type,
        namespaces: p.namespaces,
        encoding: p.encoding ?? 'JSON',
        componentLogLevel: p.componentLogLevel ?? 'warning',
      };
    }
    case 'sidecar-starvation': {
      const p = f.params as FaultParamsYaml<'sidecar-starvation'>;
      return {
        type: f.type,
        namespaces: p.namespaces,
        ...(p.cpuLimit !== undefined && { cpuLimitMilli: c.milli(p.cpuLimit, at('cpuLimit')) }),
        ...(p.memoryLimit !== undefined && { memoryLimitBytes: c.bytes(p.memoryLimit, at('memoryLimit')) }),
      };
    }
  }
}
