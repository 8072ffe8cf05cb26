/**
 * `snapshot()` on a cluster: the watched namespaces, their Deployments and
 * pods, istiod revisions and tags, AuthorizationPolicies, nodes, the mesh's
 * certificate TTL. Proxy sync status comes from istiod's /debug/syncz, which
 * the API alone cannot give: the list is empty here and the observers'
 * proxy-status exporter publishes it as a metric instead. The registry is
 * not visible through the API either: it is reported reachable.
 */
import type { V1Pod } from '@kubernetes/client-node';
import type { Clock } from '../../clock.js';
import type { MeshSnapshot } from '../views.js';
import { AUTHZ, type IstioObject, policyOf } from './istio-objects.js';
import { readCertTtl } from './istio-ops.js';
import type { KubeClient } from './kube-client.js';
import { memoryBytes } from './quantity.js';
import { deploymentView, isIstiod, namespaceView, nodeView, ownerOf, podView, readTags, revisionView } from './mesh-reads.js';

/** Working set per `namespace/pod` → container, from metrics.k8s.io when the cluster serves it. */
async function workingSets(client: KubeClient, namespace: string): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  try {
    const list = (await client.custom.listNamespacedCustomObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      namespace,
      plural: 'pods',
    })) as {
      items: { metadata: { name: string }; containers: { name: string; usage: { memory?: string } }[] }[];
    };
    for (const p of list.items) out.set(p.metadata.name, new Map(p.containers.map((c) => [c.name, memoryBytes(c.usage.memory) ?? 0])));
  } catch {
    // No metrics-server (the testbed, many small clusters): the declared working set is used.
  }
  return out;
}

/**
 * `cachedPods` gives a namespace's pods from a running informer (already read and decoded: a churn
 * storm re-reads the mesh every second), or undefined to list them.
 */
export async function readSnapshot(
  client: KubeClient,
  namespaces: readonly string[],
  clock: Clock,
  cachedPods: (namespace: string) => readonly V1Pod[] | undefined = () => undefined,
): Promise<MeshSnapshot> {
  const [nsList, tags, nodes, certTtlMs] = await Promise.all([
    client.core.listNamespace(),
    readTags(client),
    client.core.listNode(),
    readCertTtl(client),
  ]);
  const watched = new Set(namespaces);
  const perNs = await Promise.all(
    namespaces.map(async (namespace) => {
      const [deps, pods, policies, usage] = await Promise.all([
        client.apps.listNamespacedDeployment({ namespace }),
        cachedPods(namespace) ?? client.core.listNamespacedPod({ namespace }).then((l) => l.items),
        client.custom
          .listNamespacedCustomObject({ ...AUTHZ, namespace })
          .then((l) => (l as { items: IstioObject[] }).items)
          .catch(() => [] as IstioObject[]),
        workingSets(client, namespace),
      ]);
      return { deps: deps.items, pods, policies, usage };
    }),
  );
  const deployments = perNs.flatMap((n) => n.deps);
  const revisions = deployments.filter(isIstiod).map(revisionView);
  const revisionNames = new Set(revisions.map((r) => r.revision));
  return {
    at: clock.now(),
    namespaces: nsList.items.filter((n) => watched.has(n.metadata?.name ?? '')).map((n) => namespaceView(n, tags, revisionNames)),
    deployments: deployments.map(deploymentView),
    pods: perNs.flatMap((n) =>
      n.pods.filter((p) => !p.metadata?.deletionTimestamp).map((p) => podView(p, ownerOf(p), n.usage.get(p.metadata?.name ?? ''))),
    ),
    revisions,
    tags,
    policies: perNs.flatMap((n) => n.policies.map(policyOf)),
    nodes: nodes.items.map(nodeView),
    proxies: [],
    registry: { reachable: true, pullDelayMs: 0 },
    certTtlMs,
  };
}
