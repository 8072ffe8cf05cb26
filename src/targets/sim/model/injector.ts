/**
 * The sidecar-injector webhooks (docs/istio.md#when-istiod-is-down and
 * #revisions-and-tags). A pod's revision is chosen at creation: the pod's `istio.io/rev`
 * label, else the namespace's `istio-injection=enabled` (served by the
 * `default` tag, and winning over `istio.io/rev`), else the namespace's
 * `istio.io/rev`; a tag resolves to its revision then and there. The webhook
 * fails closed (`failurePolicy: Fail`): with no ready istiod behind it, the
 * pod is rejected.
 */
import { istiodDeploymentName } from './versions.js';
import { key, type World } from './world.js';

export type Admission =
  | { ok: true; revision: string | null; version: string | null }
  | { ok: false; message: string };

/** The revision name or tag that selects the webhook, or null when no webhook applies. */
export function injectionSelector(w: World, namespace: string, podLabels: Record<string, string>): string | null {
  if (podLabels['sidecar.istio.io/inject'] === 'false') return null;
  if (podLabels['istio.io/rev']) return podLabels['istio.io/rev'];
  const ns = w.namespaces.get(namespace);
  if (!ns) return null;
  const inj = ns.labels['istio-injection'];
  if (inj === 'enabled') return 'default';
  if (inj === 'disabled') return null;
  return ns.labels['istio.io/rev'] ?? null;
}

/** Resolves a selector: a tag names its revision; a revision names itself; `default` with no tag is no webhook. */
export function resolveRevision(w: World, selector: string): string | null {
  const viaTag = w.tags.get(selector);
  if (viaTag !== undefined) return viaTag;
  return w.revisions.has(selector) ? selector : null;
}

/** The revision new pods of a namespace get now (NamespaceView.injectionRevision). */
export function namespaceRevision(w: World, namespace: string): string | null {
  const sel = injectionSelector(w, namespace, {});
  return sel === null ? null : resolveRevision(w, sel);
}

function readyIstiods(w: World, revision: string): number {
  const svc = w.services.get(key('istio-system', istiodDeploymentName(revision)));
  return svc ? svc.ready.size : 0;
}

/** Admission of a new pod by the webhook its labels and namespace select. */
export function admit(w: World, namespace: string, podLabels: Record<string, string>): Admission {
  const sel = injectionSelector(w, namespace, podLabels);
  if (sel === null) return { ok: true, revision: null, version: null };
  const revision = resolveRevision(w, sel);
  if (revision === null) return { ok: true, revision: null, version: null };
  const rev = w.revisions.get(revision);
  const svc = `istiod-${revision}`;
  const hook = w.tags.has(sel) ? `${sel === 'default' ? '' : `${sel}.`}namespace.sidecar-injector.istio.io` : 'rev.namespace.sidecar-injector.istio.io';
  if (!rev)
    return {
      ok: false,
      message: `Internal error occurred: failed calling webhook "${hook}": failed to call webhook: service "${svc}" not found`,
    };
  if (readyIstiods(w, revision) === 0)
    return {
      ok: false,
      message: `Internal error occurred: failed calling webhook "${hook}": failed to call webhook: Post "https://${svc}.istio-system.svc:443/inject?timeout=10s": no endpoints available for service "${svc}"`,
    };
  return { ok: true, revision, version: rev.version };
}
