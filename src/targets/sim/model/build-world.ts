/** Fills a World from a TopologySpec: namespaces, istiod revisions and tags, gateway, apps, nodes and caches. */
import type { TopologySpec } from './topology-spec.js';
import { DEFAULT_APP_MEMORY_BYTES } from './topology.js';
import { pilotImage, proxyImage } from './versions.js';
import { addDeployment, addGateway, addIstiod, appTemplate, DEFAULT_STRATEGY } from './workloads.js';
import type { World } from './world.js';

const MiB = 2 ** 20;

export function appImage(name: string): string {
  return `docker.io/gameday/${name}:v1`;
}

export function buildWorld(w: World, spec: TopologySpec): void {
  for (const n of spec.namespaces) w.namespaces.set(n.name, { name: n.name, labels: { ...(n.labels ?? {}) } });
  for (const r of spec.revisions)
    addIstiod(w, {
      revision: r.revision,
      version: r.version,
      replicas: r.replicas ?? 1,
      memoryLimitBytes: r.memoryLimitBytes ?? null,
      ...(r.strategy ? { strategy: r.strategy } : {}),
      ...(r.cores ? { cores: r.cores } : {}),
    });
  for (const [tag, rev] of Object.entries(spec.tags)) w.tags.set(tag, rev);
  addGateway(w, { namespace: spec.gateway.namespace, name: spec.gateway.name, replicas: spec.gateway.replicas ?? 1, revision: spec.gateway.revision });
  for (const a of spec.workloads) {
    addDeployment(w, {
      namespace: a.namespace,
      name: a.name,
      role: 'app',
      replicas: a.replicas ?? 1,
      strategy: a.strategy ?? DEFAULT_STRATEGY,
      calls: a.calls ?? [],
      baseLatencyMs: a.baseLatencyMs ?? 2,
      labels: { app: a.name, ...(a.labels ?? {}) },
      template: appTemplate({
        name: a.name,
        image: a.image ?? appImage(a.name),
        serviceAccount: a.serviceAccount ?? a.name,
        memoryBytes: a.memoryBytes ?? DEFAULT_APP_MEMORY_BYTES,
        memoryLimitBytes: a.memoryLimitBytes === undefined ? 256 * MiB : a.memoryLimitBytes,
        ...(a.labels ? { labels: a.labels } : {}),
      }),
    });
  }
  const inUse = new Set<string>();
  for (const d of w.deployments.values()) for (const c of d.template.containers) inUse.add(c.image);
  for (const r of w.revisions.values()) {
    inUse.add(pilotImage(r.version));
    inUse.add(proxyImage(r.version));
  }
  for (const n of spec.nodes) w.nodes.set(n.name, { name: n.name, images: new Set(n.images ?? inUse), pods: 0 });
  w.routes = spec.routes.map((r) => ({ ...r }));
  if (spec.registry) w.registry = { ...spec.registry };
  if (spec.certTtlMs !== undefined) w.certTtlMs = spec.certTtlMs;
  if (spec.synthetic) w.synthetic = { ...spec.synthetic };
}
