/**
 * Pure questions faults ask of a MeshSnapshot: which istiod serves the mesh,
 * which workloads its injector gave sidecars to, what image a version runs.
 * Kept apart from the faults so `plan` and `inject` answer them the same way.
 */
import { UsageError } from '../errors.js';
import type { WorkloadRef } from '../targets/operations.js';
import type { DeploymentView, MeshSnapshot, RevisionView } from '../targets/views.js';

/** istiod's container in every Istio chart since 1.5. */
export const DISCOVERY_CONTAINER = 'discovery';

const INJECTION_LABEL = 'istio-injection';

/**
 * The revision a fault means when the scenario names none: the one the `default` tag points at
 * (it also serves `istio-injection=enabled`), else the only revision, else the one most proxies
 * are connected to.
 */
export function resolveRevision(mesh: MeshSnapshot, wanted?: string): RevisionView {
  if (wanted !== undefined) {
    const byName = mesh.revisions.find((r) => r.revision === wanted) ?? mesh.revisions.find((r) => r.revision === mesh.tags[wanted]);
    if (!byName) throw new UsageError(`no istiod revision or tag named "${wanted}" (revisions: ${revisionNames(mesh)})`);
    return byName;
  }
  const viaDefault = mesh.tags.default ? mesh.revisions.find((r) => r.revision === mesh.tags.default) : undefined;
  if (viaDefault) return viaDefault;
  if (mesh.revisions.length === 1) return mesh.revisions[0]!;
  if (mesh.revisions.length === 0) throw new UsageError('the mesh has no istiod revision');
  const connected = (r: RevisionView): number => mesh.proxies.filter((p) => p.revision === r.revision && p.istiod !== null).length;
  return [...mesh.revisions].sort((a, b) => connected(b) - connected(a) || a.revision.localeCompare(b.revision))[0]!;
}

function revisionNames(mesh: MeshSnapshot): string {
  return mesh.revisions.map((r) => r.revision).join(', ') || 'none';
}

export function deployment(mesh: MeshSnapshot, ref: WorkloadRef): DeploymentView {
  const d = mesh.deployments.find((x) => x.namespace === ref.namespace && x.name === ref.name);
  if (!d) throw new UsageError(`deployment ${ref.namespace}/${ref.name} not found`);
  return d;
}

export function ref(d: { namespace: string; name: string }): WorkloadRef {
  return { namespace: d.namespace, name: d.name };
}

/** istiod's container name in its Deployment (`discovery`, or the only container). */
export function discoveryContainer(d: DeploymentView): { name: string; image: string; memoryLimitBytes: number | null } {
  const c = d.containers.find((x) => x.name === DISCOVERY_CONTAINER) ?? (d.containers.length === 1 ? d.containers[0] : undefined);
  if (!c) throw new UsageError(`deployment ${d.namespace}/${d.name} has no "${DISCOVERY_CONTAINER}" container`);
  return c;
}

/** Highest working set among the running istiod containers of a Deployment (0 when none runs). */
export function istiodWorkingSet(mesh: MeshSnapshot, d: DeploymentView): number {
  const container = discoveryContainer(d).name;
  let max = 0;
  for (const p of mesh.pods) {
    if (p.namespace !== d.namespace || p.workload !== d.name) continue;
    for (const c of p.containers) if (c.name === container && c.status.state === 'running') max = Math.max(max, c.memoryWorkingSetBytes);
  }
  return max;
}

const istiodDeployments = (mesh: MeshSnapshot): Set<string> =>
  new Set(mesh.revisions.map((r) => `${r.deployment.namespace}/${r.deployment.name}`));

/**
 * Workloads whose sidecars come from `revision`: a pod of theirs was injected by it, or their
 * namespace injects with it. istiod itself is never one of them.
 */
export function injectedWorkloads(mesh: MeshSnapshot, revision: string): DeploymentView[] {
  const control = istiodDeployments(mesh);
  const nsInjecting = new Set(mesh.namespaces.filter((n) => n.injectionRevision === revision).map((n) => n.name));
  const byPod = new Set(mesh.pods.filter((p) => p.revision === revision).map((p) => `${p.namespace}/${p.workload}`));
  return mesh.deployments.filter((d) => {
    const key = `${d.namespace}/${d.name}`;
    return !control.has(key) && (nsInjecting.has(d.namespace) || byPod.has(key));
  });
}

/** Deployments of the named namespaces (in the order given), failing on a namespace the mesh lacks. */
export function workloadsIn(mesh: MeshSnapshot, namespaces: readonly string[]): DeploymentView[] {
  const known = new Set(mesh.namespaces.map((n) => n.name));
  const missing = namespaces.filter((n) => !known.has(n));
  if (missing.length > 0) throw new UsageError(`namespace(s) not in the mesh: ${missing.join(', ')}`);
  const control = istiodDeployments(mesh);
  return namespaces.flatMap((ns) => mesh.deployments.filter((d) => d.namespace === ns && !control.has(`${d.namespace}/${d.name}`)));
}

/** True when the namespace carries `istio-injection=enabled`, which wins over `istio.io/rev`. */
export function hasInjectionLabel(mesh: MeshSnapshot, namespace: string): boolean {
  return mesh.namespaces.find((n) => n.name === namespace)?.labels[INJECTION_LABEL] === 'enabled';
}

/** The `istio.io/rev` label of a namespace, if any. */
/** `docker.io/istio/pilot:1.12.9` with version `1.13.0` → `docker.io/istio/pilot:1.13.0` (digests are dropped). */
export function imageForVersion(image: string, version: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return `${repo}:${version}`;
}

function repoOf(image: string): string {
  return imageForVersion(image, '').slice(0, -1);
}

function tagOf(image: string): string {
  const noDigest = image.split('@')[0]!;
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : 'latest';
}

/** Numeric-aware comparison of version tags (`1.9.0` < `1.12.9` < `1.13.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_]/);
  const pb = b.split(/[.\-_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) && x !== '' && y !== '' ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The image a rollback of istiod would need: the newest istiod image older than the one the
 * serving revision runs. Candidates are what the mesh still remembers of earlier versions —
 * other revisions' Deployments, istiod pods of an older ReplicaSet, images in node caches of the
 * same repository — because after an in-place upgrade only those know the old tag.
 */
export function previousIstiodImage(mesh: MeshSnapshot, revision?: string): string {
  const serving = resolveRevision(mesh, revision);
  const current = discoveryContainer(deployment(mesh, serving.deployment)).image;
  const repo = repoOf(current);
  const candidates = new Set<string>();
  for (const r of mesh.revisions) {
    const d = mesh.deployments.find((x) => x.namespace === r.deployment.namespace && x.name === r.deployment.name);
    if (d) candidates.add(discoveryContainer(d).image);
    candidates.add(imageForVersion(current, r.version));
  }
  for (const p of mesh.pods) {
    if (!mesh.revisions.some((r) => r.deployment.namespace === p.namespace && r.deployment.name === p.workload)) continue;
    for (const c of p.containers) if (c.name === DISCOVERY_CONTAINER) candidates.add(c.image);
  }
  for (const n of mesh.nodes) for (const i of n.images) if (repoOf(i) === repo) candidates.add(i);
  const older = [...candidates]
    .filter((i) => i !== current && repoOf(i) === repo && compareVersions(tagOf(i), tagOf(current)) < 0)
    .sort((a, b) => compareVersions(tagOf(b), tagOf(a)));
  if (older[0]) return older[0];
  throw new UsageError(`no istiod image older than ${current} is known to the mesh; name the image to evict explicitly`);
}
