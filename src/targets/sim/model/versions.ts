/** Istio names derived from versions and revisions (docs/istio.md#revisions-and-tags). */

export const ISTIO_HUB = 'docker.io/istio';

export function pilotImage(version: string): string {
  return `${ISTIO_HUB}/pilot:${version}`;
}

export function proxyImage(version: string): string {
  return `${ISTIO_HUB}/proxyv2:${version}`;
}

export function istiodDeploymentName(revision: string): string {
  return `istiod-${revision}`;
}

export const ISTIO_NAMESPACE = 'istio-system';
export const ISTIO_ROOT_NAMESPACE = 'istio-system';
