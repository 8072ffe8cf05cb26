/**
 * What `gameday cluster` needs of the kind lifecycle, handed out by the
 * composition root so the CLI never imports a concrete target.
 */
export { clusterDown, clusterStatus, clusterUp, type LifecycleDeps } from '../targets/kube/kind/cluster-lifecycle.js';
export { zxRunner } from '../targets/kube/kind/command-runner.js';
export { ISTIO_VERSION } from '../targets/kube/kind/istio-install.js';
export { readKindConfig } from '../targets/kube/kind/kind-config.js';
