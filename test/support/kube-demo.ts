/**
 * A small demo mesh on a testbed: the simulator's default namespaces and
 * services as Deployments of kwok pods, in namespaces labelled for GameDays
 * and NOT labelled for sidecar injection (nothing serves the injector webhook
 * on the testbed, so an injection label would make every pod FailedCreate).
 * Plus what the tests compare before and after a fault.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { pollUntil } from '../../src/process/poll-until.js';
import { GAMEDAY_NAMESPACE_LABEL } from '../../src/run/guard.js';

export interface DemoWorkload {
  namespace: string;
  name: string;
  replicas: number;
}

export const DEMO: DemoWorkload[] = [
  { namespace: 'frontend', name: 'frontend', replicas: 2 },
  { namespace: 'users', name: 'profile', replicas: 2 },
  { namespace: 'orders', name: 'orders-api', replicas: 2 },
  { namespace: 'payments', name: 'payments-api', replicas: 2 },
];

export function deploymentOf(w: DemoWorkload): V1Deployment {
  const labels = { app: w.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace: w.namespace, labels },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          // kwok's fake kubelet runs any image without pulling it.
          containers: [
            {
              name: w.name,
              image: `registry.k8s.io/e2e-test-images/agnhost:2.53`,
              resources: { requests: { cpu: '10m', memory: '32Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** Creates the namespaces (labelled for GameDays unless listed in `unlabelled`) and Deployments, and waits until every replica is available. */
export async function applyDemo(
  kc: KubeConfig,
  opts: { workloads?: DemoWorkload[]; unlabelled?: string[]; labelIstioSystem?: boolean } = {},
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const workloads = opts.workloads ?? DEMO;
  for (const ns of [...new Set(workloads.map((w) => w.namespace))]) {
    const labels: Record<string, string> = opts.unlabelled?.includes(ns) ? {} : { [GAMEDAY_NAMESPACE_LABEL]: 'true' };
    await core.createNamespace({ body: { metadata: { name: ns, labels } } });
  }
  if (opts.labelIstioSystem) {
    const { PatchStrategy, setHeaderOptions } = await import('@kubernetes/client-node');
    await core.patchNamespace(
      { name: 'istio-system', body: { metadata: { labels: { [GAMEDAY_NAMESPACE_LABEL]: 'true' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
  for (const w of workloads) await apps.createNamespacedDeployment({ namespace: w.namespace, body: deploymentOf(w) });
  await waitAvailable(kc, workloads);
}

export async function waitAvailable(kc: KubeConfig, workloads: { namespace: string; name: string }[], timeoutMs = 60_000): Promise<void> {
  const apps = kc.makeApiClient(AppsV1Api);
  const ok = await pollUntil(
    async () => {
      for (const w of workloads) {
        const d = await apps.readNamespacedDeployment({ namespace: w.namespace, name: w.name });
        const want = d.spec?.replicas ?? 1;
        if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return false;
        if ((d.status?.availableReplicas ?? 0) !== want || (d.status?.updatedReplicas ?? 0) !== want || (d.status?.replicas ?? 0) !== want)
          return false;
      }
      return true;
    },
    { timeoutMs, intervalMs: 250 },
  );
  if (!ok)
    throw new Error(`deployments not available within ${timeoutMs} ms: ${workloads.map((w) => `${w.namespace}/${w.name}`).join(', ')}`);
}

/**
 * An API object as a fault must leave it: without what the server and the
 * controllers write (resourceVersion, managedFields, generation, status) and
 * the Deployment controller's revision counter, which counts every template
 * change, including the one that puts the template back.
 */
export function comparable(obj: object, opts: { restartStamps?: boolean } = {}): unknown {
  const o = structuredClone(obj) as {
    metadata?: Record<string, unknown>;
    status?: unknown;
    spec?: { template?: { metadata?: { annotations?: Record<string, string> } } };
  };
  delete o.status;
  // A rollout restart cannot be undone (its pods are already replaced): callers that churned say so.
  const tpl = o.spec?.template?.metadata;
  if (opts.restartStamps === false && tpl?.annotations) {
    delete tpl.annotations['kubectl.kubernetes.io/restartedAt'];
    if (Object.keys(tpl.annotations).length === 0) delete tpl.annotations;
  }
  if (o.metadata) {
    for (const k of ['resourceVersion', 'managedFields', 'generation']) delete o.metadata[k];
    const ann = o.metadata.annotations as Record<string, string> | undefined;
    if (ann) {
      delete ann['deployment.kubernetes.io/revision'];
      if (Object.keys(ann).length === 0) delete o.metadata.annotations;
    }
  }
  return JSON.parse(JSON.stringify(o));
}
