/**
 * Istio on the kind cluster: installed by revision at a pinned version from
 * the local registry, with the `stable` and `default` tags pointing at it
 * (istio.io/latest/docs/setup/upgrade/canary/), and the version-parity rule:
 * istioctl must be the version of the control plane it talks to (checklist 8
 * of the reference article) — `gameday cluster up` refuses otherwise.
 */
import { REGISTRY_HOST } from './registry.js';

/** The Istio version `gameday cluster up` installs; istioctl on PATH must be this version. */
export const ISTIO_VERSION = '1.28.0';
export const ISTIO_TAGS = ['stable', 'default'] as const;
export const ISTIO_OVERLAY = 'manifests/istio/install.yaml';

/** `1.28.0` → `1-28-0`: revision names cannot hold dots. */
export function revisionFor(version: string): string {
  return version.replace(/\./g, '-');
}

export function istioInstallArgv(context: string, version: string, overlay: string): string[] {
  return [
    'istioctl',
    'install',
    '-y',
    '--context',
    context,
    '-f',
    overlay,
    '--set',
    `revision=${revisionFor(version)}`,
    // From the local registry, so the registry faults reach Istio's own images.
    '--set',
    `hub=${REGISTRY_HOST}/istio`,
    '--set',
    `tag=${version}`,
  ];
}

export function istioTagArgv(context: string, tag: string, revision: string): string[] {
  return ['istioctl', 'tag', 'set', tag, '--revision', revision, '--overwrite', '-y', '--context', context];
}

/** The client's version only: answers before any cluster exists. */
export function istioctlClientVersionArgv(): string[] {
  return ['istioctl', 'version', '--remote=false', '-o', 'json'];
}

/** The client's and every running control plane's version. */
export function istioVersionArgv(context: string): string[] {
  return ['istioctl', 'version', '-o', 'json', '--context', context];
}

export interface IstioVersions {
  client: string | null;
  /** Versions of the running control-plane components (istiod of every revision). */
  mesh: string[];
}

/** Reads `istioctl version -o json` (istioctl's IstioVersionOutput: clientVersion, meshVersion[].Info.version). */
export function parseIstioVersions(stdout: string): IstioVersions {
  const start = stdout.indexOf('{');
  if (start < 0) return { client: null, mesh: [] };
  let doc: { clientVersion?: { version?: string }; meshVersion?: { Info?: { version?: string } }[] };
  try {
    doc = JSON.parse(stdout.slice(start)) as typeof doc;
  } catch {
    return { client: null, mesh: [] };
  }
  const mesh = (doc.meshVersion ?? []).map((m) => m.Info?.version).filter((v): v is string => typeof v === 'string' && v !== '');
  return { client: doc.clientVersion?.version ?? null, mesh: [...new Set(mesh)] };
}

/** Why istioctl must not drive this control plane, or null when it may. */
export function parityProblem(v: IstioVersions, pinned: string): string | null {
  if (v.client === null) return `istioctl did not report its version; install istioctl ${pinned}`;
  const base = (s: string) => s.replace(/^v/, '').split('-')[0]!;
  if (base(v.client) !== pinned)
    return `istioctl is ${v.client}, the cluster is installed at ${pinned}: install istioctl ${pinned} (curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${pinned} sh -)`;
  const other = v.mesh.filter((m) => base(m) !== base(v.client!));
  if (other.length > 0)
    return `istioctl is ${v.client} but the control plane runs ${other.join(', ')}: use the istioctl of the control plane's version (curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${base(other[0]!)} sh -)`;
  return null;
}
