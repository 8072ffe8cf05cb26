/**
 * The shape of a mesh the model starts from: namespaces, workloads, the call
 * graph, the istiod revisions and tags, nodes and the ingress routes. A
 * scenario names `default` or gives one inline (validated in topology.ts).
 */
import type { RolloutStrategy } from '../../operations.js';

export interface TopologySpec {
  namespaces: NamespaceSpec[];
  revisions: RevisionSpec[];
  /** Revision tags: tag → revision name (`stable`, `default`, `canary`). */
  tags: Record<string, string>;
  workloads: WorkloadSpec[];
  /** The ingress gateway Deployment (namespace `istio-system` by convention). */
  gateway: GatewaySpec;
  nodes: NodeSpec[];
  /** Ingress path prefixes → entry service, longest prefix wins. */
  routes: IngressRouteSpec[];
  registry?: { reachable: boolean; pullDelayMs: number };
  /** Workload certificate TTL (`SECRET_TTL`); default 24 h (docs/istio.md#workload-certificates). */
  certTtlMs?: number;
  /**
   * Load on istiod from workloads outside the modelled call graph: counted in
   * istiod memory and push work, not simulated pod by pod.
   */
  synthetic?: { proxies: number; configObjects: number };
}

export interface NamespaceSpec {
  name: string;
  labels?: Record<string, string>;
}

export interface RevisionSpec {
  /** No dots (docs/istio.md#revisions-and-tags): `1-12-0`. */
  revision: string;
  /** Semantic version: `1.12.0`; selects the version profile (memory factor, proxy overhead). */
  version: string;
  replicas?: number;
  memoryLimitBytes?: number | null;
  strategy?: RolloutStrategy;
  /** CPU cores istiod may use; sets push concurrency `min(15 + 5×cores, 100)` (docs/istio.md#push-pipeline). */
  cores?: number;
}

export interface WorkloadSpec {
  namespace: string;
  name: string;
  replicas?: number;
  image?: string;
  serviceAccount?: string;
  /** Services this workload calls on every request it serves, as `namespace/name`, in order. */
  calls?: string[];
  /** Application time per request (ms) before the sidecar overhead. */
  baseLatencyMs?: number;
  memoryLimitBytes?: number | null;
  memoryBytes?: number;
  labels?: Record<string, string>;
  strategy?: RolloutStrategy;
}

export interface GatewaySpec {
  namespace: string;
  name: string;
  replicas?: number;
  /** Pod label `istio.io/rev` of the gateway pods (revision or tag). */
  revision: string;
}

export interface NodeSpec {
  name: string;
  /** Images in the node's cache at start; absent means "every image in use at start". */
  images?: string[];
}

export interface IngressRouteSpec {
  /** Path prefix, e.g. `/` or `/staging/`. */
  prefix: string;
  /** Entry service, `namespace/name`. */
  service: string;
}
