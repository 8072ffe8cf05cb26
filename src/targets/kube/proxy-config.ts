/**
 * `set-proxy-config`: the sidecar resource annotations Istio's injector reads
 * from the pod template (https://istio.io/latest/docs/reference/config/annotations/):
 * `sidecar.istio.io/proxyCPU`, `proxyCPULimit`, `proxyMemory`,
 * `proxyMemoryLimit`. Like `kubectl patch`, the change is itself a rollout.
 * Per-workload access logging is Istio's Telemetry API, which this adapter
 * does not write: an `accessLog` setting is refused with that reason.
 */
import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { TargetError } from '../../errors.js';
import type { Operation, ProxyResources } from '../operations.js';
import { watchDeployment } from './deployment-ops.js';
import { FIELD_MANAGER, type KubeClient } from './kube-client.js';
import { cpuMilli, cpuQuantity, memoryBytes, memoryQuantity } from './quantity.js';

const KEYS = {
  cpuRequestMilli: 'sidecar.istio.io/proxyCPU',
  cpuLimitMilli: 'sidecar.istio.io/proxyCPULimit',
  memoryRequestBytes: 'sidecar.istio.io/proxyMemory',
  memoryLimitBytes: 'sidecar.istio.io/proxyMemoryLimit',
} as const satisfies Record<keyof ProxyResources, string>;

/** The Deployments a `set-proxy-config` acts on: one, or all in the namespace but istiod. */
export async function workloadsFor(client: KubeClient, namespace: string, workload?: string): Promise<V1Deployment[]> {
  const all = (await client.apps.listNamespacedDeployment({ namespace })).items;
  return all.filter((d) => d.metadata?.labels?.app !== 'istiod' && (workload === undefined || d.metadata?.name === workload));
}

export function proxyResourcesOf(d: V1Deployment): ProxyResources {
  const a = d.spec?.template.metadata?.annotations ?? {};
  const out: ProxyResources = {};
  const cpu = (k: string): number | null => cpuMilli(a[k]);
  const mem = (k: string): number | null => memoryBytes(a[k]);
  const set = <K extends keyof ProxyResources>(k: K, v: number | null): void => {
    if (v !== null) out[k] = v;
  };
  set('cpuRequestMilli', cpu(KEYS.cpuRequestMilli));
  set('cpuLimitMilli', cpu(KEYS.cpuLimitMilli));
  set('memoryRequestBytes', mem(KEYS.memoryRequestBytes));
  set('memoryLimitBytes', mem(KEYS.memoryLimitBytes));
  return out;
}

function annotations(r: ProxyResources): Record<string, string | null> {
  const q = (k: keyof ProxyResources, v: number | undefined): string | null =>
    v === undefined ? null : k.startsWith('cpu') ? cpuQuantity(v) : memoryQuantity(v);
  return Object.fromEntries((Object.keys(KEYS) as (keyof ProxyResources)[]).map((k) => [KEYS[k], q(k, r[k])]));
}

export async function setProxyConfig(client: KubeClient, op: Extract<Operation, { op: 'set-proxy-config' }>): Promise<number> {
  if (op.accessLog) {
    throw new TargetError(
      "per-workload access logging is set with Istio's Telemetry API, which this adapter does not write yet (access-log-flood runs on the simulator)",
      op.op,
    );
  }
  const targets = await workloadsFor(client, op.namespace, op.workload);
  if (targets.length === 0) throw new TargetError(`no deployment ${op.workload ?? ''} in ${op.namespace}`.replace('  ', ' '), op.op);
  if (!op.resources) return 0;
  const body = { spec: { template: { metadata: { annotations: annotations(op.resources) } } } };
  for (const d of targets) {
    const w = { namespace: op.namespace, name: d.metadata!.name! };
    await client.apps.patchNamespacedDeployment(
      { ...w, body, fieldManager: FIELD_MANAGER },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const generation = (await client.apps.readNamespacedDeployment(w)).metadata?.generation ?? 0;
    await watchDeployment(client, w, (x) => (x.status?.observedGeneration ?? 0) >= generation, `proxy config of ${w.namespace}/${w.name}`);
  }
  return targets.length;
}
