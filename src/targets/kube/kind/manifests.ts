/**
 * What `gameday cluster up` applies from `manifests/`, in order, and the
 * Deployments whose rollouts it then watches — read from the files
 * themselves, so adding a workload is editing a manifest, nothing else.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Applied in this order; files within a directory in name order (namespaces first: `00-…`). */
export const MANIFEST_DIRS = { kubeStateMetrics: 'manifests/kube-state-metrics', demo: 'manifests/demo' } as const;

/** Read by istioctl, not applied to the API server. */
export const ISTIO_OVERLAY_DIR = 'manifests/istio';

export function manifestFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Every object in the files, as `kind`, `namespace`, `name`. */
export function objectsIn(root: string, files: readonly string[]): ObjectRef[] {
  const out: ObjectRef[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(root, f), 'utf8'))) {
      const o = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
      if (o?.kind && o.metadata?.name) out.push({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });
    }
  }
  return out;
}

export function deploymentsIn(root: string, files: readonly string[]): ObjectRef[] {
  return objectsIn(root, files).filter((o) => o.kind === 'Deployment');
}
