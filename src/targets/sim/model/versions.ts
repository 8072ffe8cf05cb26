/** Istio names derived from versions and revisions (docs/istio.md#revisions-and-tags). */

export const ISTIO_HUB = 'docker.io/istio';

export function pilotImage(version: string): string {
  return `${ISTIO_HUB}/pilot:${version}`;
}

export function proxyImage(version: string): string {
  return `${ISTIO_HUB}/proxyv2:${version}`;
}

/** `1.12.0` → `1-12-0`: revision names have no dots. */
export function revisionFromVersion(version: string): string {
  return version.replace(/\./g, '-');
}

export function istiodDeploymentName(revision: string): string {
  return `istiod-${revision}`;
}

export const ISTIO_NAMESPACE = 'istio-system';
export const ISTIO_ROOT_NAMESPACE = 'istio-system';
