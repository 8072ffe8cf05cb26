/**
 * sidecar-starvation: sidecars given too little CPU or memory — the article's
 * "sidecar proxy CPU throttling causes xDS desync" and "proxy evicted …, pod
 * unreachable".
 *
 * On a real cluster, for every Deployment in the namespaces:
 *  pod template annotations `sidecar.istio.io/proxyCPULimit: <cpu>` and/or
 *  `sidecar.istio.io/proxyMemoryLimit: <memory>` (`kubectl patch deploy …`).
 *  The injector applies them only to new pods; patching the pod template is
 *  itself a rollout, so every pod is replaced with a starved sidecar.
 * A CPU-starved proxy is throttled: latency climbs, then requests time out; a
 * memory-starved one is OOMKilled (the istio-proxy container restarts) once
 * its config no longer fits.
 * Alerts: MeshHighP99Latency, MeshHigh5xxRatio; XdsRejects or ProxiesStale
 * when the proxy cannot keep up with pushes.
 * Revert: annotations back (journal) — another rollout, onto the old limits.
 * Runs on sim, kind and cluster.
 */
import { UsageError } from '../errors.js';
import type { SidecarStarvationParams } from '../scenario/types.js';
import type { ProxyResources } from '../targets/operations.js';
import type { MeshSnapshot } from '../targets/views.js';
import type { Fault, PlannedStep } from './fault.js';
import { workloadsIn } from './mesh-queries.js';
import { plannedFault, step } from './steps.js';

type Params = { type: 'sidecar-starvation' } & SidecarStarvationParams;

function steps(p: Params, mesh: MeshSnapshot): PlannedStep[] {
  if (p.cpuLimitMilli === undefined && p.memoryLimitBytes === undefined) {
    throw new UsageError('sidecar-starvation: give cpuLimit, memoryLimit or both');
  }
  const resources: ProxyResources = {
    ...(p.cpuLimitMilli !== undefined ? { cpuLimitMilli: p.cpuLimitMilli } : {}),
    ...(p.memoryLimitBytes !== undefined ? { memoryLimitBytes: p.memoryLimitBytes } : {}),
  };
  for (const ns of p.namespaces)
    if (workloadsIn(mesh, [ns]).length === 0) throw new UsageError(`sidecar-starvation: namespace ${ns} has no workloads`);
  // A pod-template patch rolls the pods out, which is what makes the new limits take effect.
  return p.namespaces.map((namespace) => step({ op: 'set-proxy-config', namespace, resources }, 0, 'pods roll out with it'));
}

export const sidecarStarvation: Fault<Params> = plannedFault<Params>(
  'sidecar-starvation',
  'sidecars in the namespaces restart with CPU/memory limits too small for their traffic and config',
  steps,
);
