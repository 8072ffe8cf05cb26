/**
 * Target-neutral, read-only views of a mesh: what `snapshot()` returns on
 * every target. The simulator fills them from its model; the Kubernetes
 * adapter from the API server (and istiod's /debug/syncz for proxies).
 */
import type { AuthorizationPolicySpec, RolloutStrategy } from './operations.js';

export type ContainerState =
  | { state: 'running'; startedAt: number }
  | { state: 'waiting'; reason: 'ContainerCreating' | 'CrashLoopBackOff' | 'ErrImagePull' | 'ImagePullBackOff' | 'PodInitializing' }
  | { state: 'terminated'; reason: 'OOMKilled' | 'Error' | 'Completed'; exitCode: number };

export interface ContainerView {
  name: string;
  image: string;
  status: ContainerState;
  restartCount: number;
  lastTerminated?: { reason: 'OOMKilled' | 'Error' | 'Completed'; exitCode: number; at: number };
  memoryLimitBytes: number | null;
  memoryWorkingSetBytes: number;
  /** Whether the container passes its readiness check (`containerStatuses[].ready`); absent when the target does not tell. */
  ready?: boolean;
}

export interface PodView {
  namespace: string;
  name: string;
  /** Owning Deployment. */
  workload: string;
  node: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  createdAt: number;
  containers: ContainerView[];
  /** The istiod revision whose injector gave this pod its sidecar (none if not injected). */
  revision?: string;
  labels: Record<string, string>;
}

export interface DeploymentView {
  namespace: string;
  name: string;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
  strategy: RolloutStrategy;
  containers: { name: string; image: string; memoryLimitBytes: number | null }[];
  labels: Record<string, string>;
  /** Last condition worth telling, e.g. `FailedCreate: admission webhook "…" denied the request`. */
  condition?: string;
  /** `metadata.creationTimestamp`; absent when the target does not tell. */
  createdAt?: number;
}

export interface RevisionView {
  revision: string;
  version: string;
  deployment: WorkloadName;
  readyReplicas: number;
}

type WorkloadName = { namespace: string; name: string };

export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
  /** The revision new pods here are injected by, after resolving tags and `istio-injection`; null if none. */
  injectionRevision: string | null;
}

export interface NodeView {
  name: string;
  images: string[];
  ready: boolean;
}

export type XdsType = 'CDS' | 'LDS' | 'EDS' | 'RDS' | 'ECDS';
export type SyncStatus = 'SYNCED' | 'STALE' | 'NOT SENT';

/** One row of `istioctl proxy-status`. */
export interface ProxyStatusRow {
  /** `<pod>.<namespace>` as istioctl prints it. */
  name: string;
  namespace: string;
  /** istiod pod the proxy is connected to; null when not connected (absent from proxy-status on a cluster). */
  istiod: string | null;
  revision: string;
  version: string;
  status: Record<XdsType, SyncStatus>;
  certExpiresAt: number | null;
  /**
   * When the certificate the proxy holds was issued (null without one). Not derivable from the expiry:
   * a certificate keeps the lifetime it was issued with when the mesh's TTL changes.
   */
  certIssuedAt?: number | null;
}

export interface RegistryView {
  reachable: boolean;
  pullDelayMs: number;
}

export interface MeshSnapshot {
  at: number;
  namespaces: NamespaceView[];
  deployments: DeploymentView[];
  pods: PodView[];
  revisions: RevisionView[];
  tags: Record<string, string>;
  policies: AuthorizationPolicySpec[];
  nodes: NodeView[];
  proxies: ProxyStatusRow[];
  registry: RegistryView;
  certTtlMs: number;
}
