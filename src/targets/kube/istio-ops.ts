/**
 * The mesh-level operations: AuthorizationPolicies, generated ServiceEntries,
 * namespace injection labels, the workload certificate TTL in the mesh
 * config, and (through istioctl) revisions and tags. Each is confirmed by
 * watching the object it changed reach the new state.
 */
import { PatchStrategy, setHeaderOptions, type V1ConfigMap, type V1Namespace } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { TargetError } from '../../errors.js';
import { injectionLabel, type AuthorizationPolicySpec, type Operation } from '../operations.js';
import type { Istioctl } from './istioctl.js';
import {
  AUTHZ,
  configLoadIndex,
  type IstioObject,
  MANAGED_BY,
  policyObject,
  policySpecBody,
  SERVICE_ENTRY,
  serviceEntryObject,
} from './istio-objects.js';
import { FIELD_MANAGER, type KubeClient, orNull } from './kube-client.js';
import { memoryQuantity } from './quantity.js';
import { istiod, ISTIO_NAMESPACE, readTags } from './mesh-reads.js';
import { applyDeploymentOp, watchDeployment } from './deployment-ops.js';
import { watchUntil } from './watch-until.js';

type Kind = { group: string; version: string; plural: string };

function getObject(client: KubeClient, k: Kind, namespace: string, name: string): Promise<IstioObject> {
  return client.custom.getNamespacedCustomObject({ ...k, namespace, name }) as Promise<IstioObject>;
}

function watchObject(
  client: KubeClient,
  k: Kind,
  namespace: string,
  name: string,
  done: (o: IstioObject | null) => boolean,
  what: string,
): Promise<void> {
  return watchUntil<IstioObject>(client, {
    path: `/apis/${k.group}/${k.version}/namespaces/${namespace}/${k.plural}`,
    name,
    get: () => getObject(client, k, namespace, name),
    done,
    what,
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export async function applyPolicy(client: KubeClient, p: AuthorizationPolicySpec): Promise<void> {
  const existing = await orNull(getObject(client, AUTHZ, p.namespace, p.name));
  const body = policyObject(p, existing);
  if (existing)
    await client.custom.replaceNamespacedCustomObject({
      ...AUTHZ,
      namespace: p.namespace,
      name: p.name,
      body,
      fieldManager: FIELD_MANAGER,
    });
  else await client.custom.createNamespacedCustomObject({ ...AUTHZ, namespace: p.namespace, body, fieldManager: FIELD_MANAGER });
  const want = policySpecBody(p);
  await watchObject(
    client,
    AUTHZ,
    p.namespace,
    p.name,
    (o) => o !== null && same(o.spec, want) && (o.metadata?.annotations?.['istio.io/dry-run'] === 'true') === !!p.dryRun,
    `AuthorizationPolicy ${p.namespace}/${p.name}`,
  );
}

export async function deleteObject(client: KubeClient, k: Kind, namespace: string, name: string): Promise<void> {
  await orNull(client.custom.deleteNamespacedCustomObject({ ...k, namespace, name }));
  await watchObject(client, k, namespace, name, (o) => o === null, `delete ${k.plural} ${namespace}/${name}`);
}

export function deletePolicy(client: KubeClient, namespace: string, name: string): Promise<void> {
  return deleteObject(client, AUTHZ, namespace, name);
}

/** Indices of the generated ServiceEntries a namespace holds. */
export async function configLoadIndices(client: KubeClient, namespace: string): Promise<number[]> {
  const list = (await client.custom.listNamespacedCustomObject({
    ...SERVICE_ENTRY,
    namespace,
    labelSelector: 'app.kubernetes.io/managed-by=istio-gameday',
  })) as { items: IstioObject[] };
  return list.items
    .map((o) => configLoadIndex(o.metadata?.name))
    .filter((i): i is number => i !== null)
    .sort((a, b) => a - b);
}

export async function setConfigLoad(client: KubeClient, namespace: string, n: number): Promise<void> {
  const have = new Set(await configLoadIndices(client, namespace));
  for (const i of have) if (i >= n) await deleteObject(client, SERVICE_ENTRY, namespace, `gameday-load-${i}`);
  for (let i = 0; i < n; i++) {
    if (have.has(i)) continue;
    const body = serviceEntryObject(namespace, i);
    await client.custom.createNamespacedCustomObject({ ...SERVICE_ENTRY, namespace, body, fieldManager: FIELD_MANAGER });
    await watchObject(
      client,
      SERVICE_ENTRY,
      namespace,
      body.metadata!.name!,
      (o) => o?.metadata?.labels?.['app.kubernetes.io/managed-by'] === MANAGED_BY['app.kubernetes.io/managed-by'],
      `ServiceEntry ${namespace}/${body.metadata!.name}`,
    );
  }
}

type NamespaceRevision = Extract<Operation, { op: 'set-namespace-revision' }>;

export async function setNamespaceRevision(client: KubeClient, op: NamespaceRevision): Promise<void> {
  const labels: Record<string, string | null> = { 'istio.io/rev': op.revision };
  if (op.injection !== undefined) labels['istio-injection'] = injectionLabel(op.injection);
  await client.core.patchNamespace(
    { name: op.namespace, body: { metadata: { labels } }, fieldManager: FIELD_MANAGER },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await watchUntil<V1Namespace>(client, {
    path: '/api/v1/namespaces',
    name: op.namespace,
    get: () => client.core.readNamespace({ name: op.namespace }),
    done: (n) => n !== null && Object.entries(labels).every(([k, v]) => (n.metadata?.labels?.[k] ?? null) === v),
    what: `labels of namespace ${op.namespace}`,
  });
}

/** The mesh config maps of the installed revisions (`istio`, `istio-<rev>`) in istiod's namespace. */
async function meshConfigMaps(client: KubeClient): Promise<V1ConfigMap[]> {
  const all = (await client.core.listNamespacedConfigMap({ namespace: ISTIO_NAMESPACE })).items;
  return all.filter(
    (c) =>
      typeof c.data?.mesh === 'string' &&
      /^istio(-[a-z0-9-]+)?$/.test(c.metadata?.name ?? '') &&
      !c.metadata?.name?.startsWith('istio-sidecar'),
  );
}

/** Istio's default SECRET_TTL (24 h), when the mesh config sets none. */
export const DEFAULT_CERT_TTL_MS = 24 * 3600_000;

export function certTtlOfMesh(mesh: string): number {
  const ttl = (parse(mesh) as { defaultConfig?: { proxyMetadata?: { SECRET_TTL?: string } } } | null)?.defaultConfig?.proxyMetadata
    ?.SECRET_TTL;
  const m = ttl ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(ttl) : null;
  if (!m) return DEFAULT_CERT_TTL_MS;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

export async function readCertTtl(client: KubeClient): Promise<number> {
  const maps = await meshConfigMaps(client);
  return maps.length ? certTtlOfMesh(maps[0]!.data!.mesh!) : DEFAULT_CERT_TTL_MS;
}

/**
 * Where the mesh config's text is kept while a GameDay has changed its TTL: Istio's installer renders
 * that text, and putting the TTL back must give back the same text, not a re-serialisation of it.
 */
export const MESH_BEFORE = 'gameday.istio.io/mesh-before';

export async function setCertTtl(client: KubeClient, ttlMs: number): Promise<void> {
  const maps = await meshConfigMaps(client);
  if (maps.length === 0) throw new TargetError(`no mesh config map (istio or istio-<revision>) in ${ISTIO_NAMESPACE}`, 'set-cert-ttl');
  for (const cm of maps) {
    const current = cm.data!.mesh!;
    const saved = cm.metadata?.annotations?.[MESH_BEFORE];
    const original = saved ?? current;
    let text: string;
    let annotation: string | null;
    if (certTtlOfMesh(original) === ttlMs) {
      // Back to what it was before the GameDay: the original text, and no trace of ours.
      text = original;
      annotation = null;
    } else {
      const mesh = (parse(current) ?? {}) as { defaultConfig?: { proxyMetadata?: Record<string, string> } };
      mesh.defaultConfig ??= {};
      mesh.defaultConfig.proxyMetadata ??= {};
      mesh.defaultConfig.proxyMetadata.SECRET_TTL = `${Math.round(ttlMs / 1000)}s`;
      text = stringify(mesh);
      annotation = original;
    }
    const name = cm.metadata!.name!;
    const body = { metadata: { annotations: { [MESH_BEFORE]: annotation } }, data: { mesh: text } };
    await client.core.patchNamespacedConfigMap(
      { namespace: ISTIO_NAMESPACE, name, body, fieldManager: FIELD_MANAGER },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await watchUntil<V1ConfigMap>(client, {
      path: `/api/v1/namespaces/${ISTIO_NAMESPACE}/configmaps`,
      name,
      get: () => client.core.readNamespacedConfigMap({ namespace: ISTIO_NAMESPACE, name }),
      done: (c) => c?.data?.mesh === text,
      what: `mesh config ${name}`,
    });
  }
}

type Install = Extract<Operation, { op: 'install-revision' }>;

/**
 * A new revision: `istioctl install` of the minimal profile (istiod and its webhooks) beside the others.
 * A revision that is already there: the in-place upgrade the article warns about, done to the serving
 * Deployment — `discovery`'s image tag, replicas and memory limit — so everything else of the
 * user's own install (gateways, values) stays as it was, and the undo is exact.
 */
export async function installRevision(client: KubeClient, istioctl: Istioctl, op: Install): Promise<void> {
  const existing = await istiod(client, op.revision);
  if (existing) {
    const w = { namespace: ISTIO_NAMESPACE, name: existing.metadata!.name! };
    const image = existing.spec?.template.spec?.containers.find((c) => c.name === 'discovery')?.image ?? '';
    const repo = image.includes(':') ? image.slice(0, image.lastIndexOf(':')) : image;
    await applyDeploymentOp(client, { op: 'set-image', workload: w, container: 'discovery', image: `${repo}:${op.version}` });
    await applyDeploymentOp(client, { op: 'set-memory-limit', workload: w, container: 'discovery', limitBytes: op.memoryLimitBytes });
    await applyDeploymentOp(client, { op: 'scale', workload: w, replicas: op.replicas });
    return;
  }
  const set = [`revision=${op.revision}`, 'profile=minimal', `tag=${op.version}`, `values.pilot.replicaCount=${op.replicas}`];
  if (op.memoryLimitBytes !== null) set.push(`values.pilot.resources.limits.memory=${memoryQuantity(op.memoryLimitBytes)}`);
  await istioctl.run(['install', '-y', ...set.flatMap((s) => ['--set', s])]);
  const w = { namespace: ISTIO_NAMESPACE, name: `istiod-${op.revision}` };
  await watchDeployment(
    client,
    w,
    (d) => (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0),
    `install revision ${op.revision}`,
    300_000,
  );
}

export async function uninstallRevision(client: KubeClient, istioctl: Istioctl, revision: string): Promise<void> {
  await istioctl.run(['uninstall', '--revision', revision, '-y']);
  const name = `istiod-${revision}`;
  await watchUntil(client, {
    path: `/apis/apps/v1/namespaces/${ISTIO_NAMESPACE}/deployments`,
    name,
    get: () => client.apps.readNamespacedDeployment({ namespace: ISTIO_NAMESPACE, name }),
    done: (d) => d === null,
    what: `uninstall revision ${revision}`,
    timeoutMs: 300_000,
  });
}

export async function setTag(client: KubeClient, istioctl: Istioctl, tag: string, revision: string | null): Promise<void> {
  if (revision === null) await istioctl.run(['tag', 'remove', tag, '-y']);
  else await istioctl.run(['tag', 'set', tag, '--revision', revision, '--overwrite', '-y']);
  // istioctl has written the webhook when it returns; read it back through a watch of the tag webhooks.
  const name = `istio-revision-tag-${tag}`;
  await watchUntil(client, {
    path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
    name,
    get: () => client.admission.readMutatingWebhookConfiguration({ name }),
    done: (w) => (revision === null ? w === null : w?.metadata?.labels?.['istio.io/rev'] === revision),
    what: revision === null ? `remove tag ${tag}` : `tag ${tag} → ${revision}`,
  });
  const tags = await readTags(client);
  if ((tags[tag] ?? null) !== revision)
    throw new TargetError(
      `tag ${tag} points at ${tags[tag] ?? 'nothing'} after istioctl, not ${revision ?? 'nothing'}`,
      'set-revision-tag',
    );
}
