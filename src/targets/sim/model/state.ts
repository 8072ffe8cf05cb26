/**
 * The model's state: plain records in maps keyed by id, owned by SimModel and
 * changed only by its mechanisms. The faces read the model through SimModel's
 * read methods (readings.ts), never through these records.
 *
 * Keys: a pod, Deployment or ReplicaSet is `namespace/name`; a service is
 * `namespace/name` too (its FQDN is derived).
 */
import type { AccessLogConfig, AuthorizationPolicySpec, ProxyResources, RolloutStrategy } from '../../operations.js';
import type { XdsType } from '../../views.js';

export type PodKey = string;
export type ServiceKey = string;

export type Role = 'app' | 'istiod' | 'gateway';
export type ContainerKind = 'app' | 'discovery' | 'proxy';

export interface ContainerTemplate {
  name: string;
  image: string;
  kind: ContainerKind;
  memoryLimitBytes: number | null;
  cpuLimitMilli: number | null;
  /** Steady working set of an application container; istiod and proxies compute theirs. */
  memoryBytes: number;
}

/** What `set-proxy-config` writes into the pod template (as annotations on a cluster). */
export interface ProxyTemplateConfig {
  resources: ProxyResources;
  accessLog: AccessLogConfig | null;
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  serviceAccount: string;
  /** Containers of the template, before injection adds `istio-proxy`. */
  containers: ContainerTemplate[];
  proxy: ProxyTemplateConfig;
}

export interface DeploymentState {
  key: string;
  namespace: string;
  name: string;
  role: Role;
  /** The istiod revision this Deployment runs (role istiod only). */
  revision: string | null;
  replicas: number;
  strategy: RolloutStrategy;
  template: PodTemplate;
  labels: Record<string, string>;
  /** Services called per request served, in order. */
  calls: ServiceKey[];
  baseLatencyMs: number;
  /** Last condition worth telling (FailedCreate …). */
  condition: string | null;
  /** Hash of the current template; names the ReplicaSet. */
  templateHash: string;
  createdAt: number;
}

export interface ReplicaSetState {
  key: string;
  namespace: string;
  name: string;
  deployment: string;
  hash: string;
  template: PodTemplate;
  /** Desired pods. */
  replicas: number;
  createdAt: number;
  /** Its pods still in the cluster (terminating ones too), by key, in creation order. */
  pods: Map<PodKey, PodState>;
  /** After a FailedCreate: not before this instant, with this back-off next. */
  createRetryAt: number;
  createBackoffMs: number;
}

export type Waiting = 'ContainerCreating' | 'CrashLoopBackOff' | 'ErrImagePull' | 'ImagePullBackOff' | 'PodInitializing';
export type TerminatedReason = 'OOMKilled' | 'Error' | 'Completed';

export interface ImagePull {
  startedAt: number;
  doneAt: number;
  /** Decided when the pull started (registry unreachable) or re-checked when it ends. */
  fails: boolean;
}

export interface ContainerRuntime {
  spec: ContainerTemplate;
  state: 'waiting' | 'running' | 'terminated';
  waiting: Waiting | null;
  startedAt: number | null;
  /** When a waiting container will start (image present) — null while pulling or backing off a pull. */
  startAt: number | null;
  restartCount: number;
  lastTerminated: { reason: TerminatedReason; exitCode: number; at: number } | null;
  /** CrashLoopBackOff: current back-off and when it was last set (kubelet's backoff entry). */
  crashBackoffMs: number;
  crashBackoffSetAt: number | null;
  pull: ImagePull | null;
  pullBackoffMs: number;
  /** When the last pull failed (ErrImagePull turns into ImagePullBackOff shortly after). */
  pullFailedAt: number | null;
  /** Next pull attempt after ImagePullBackOff. */
  pullRetryAt: number | null;
  workingSetBytes: number;
  cpuUsageMilli: number;
  cpuThrottledRatio: number;
  cpuSecondsTotal: number;
}

export interface PodState {
  key: PodKey;
  /** Creation order (the pods map's order), so steps that visit only some pods visit them in the same order. */
  order: number;
  namespace: string;
  name: string;
  deployment: string;
  replicaSet: string;
  role: Role;
  node: string;
  createdAt: number;
  labels: Record<string, string>;
  serviceAccount: string;
  containers: ContainerRuntime[];
  /** Revision whose injector added the sidecar; null when not injected. */
  revision: string | null;
  /** Version of that revision at injection (the proxy image's). */
  proxyVersion: string | null;
  proxyConfig: ProxyTemplateConfig;
  ready: boolean;
  /** Instant the readiness conditions were first met in a row (probe ticks then flip `ready`). */
  readyCandidateAt: number | null;
  terminatingAt: number | null;
  goneAt: number | null;
  /**
   * Bumped (World.statusSeq) whenever anything of the pod's status changes:
   * equal versions, equal status, so the metrics face renders only pods whose
   * version moved.
   */
  statusVersion: number;
}

export interface XdsTypeState {
  sent: number | null;
  acked: number | null;
}

export interface Certificate {
  issuedAt: number;
  expiresAt: number;
}

/**
 * What istiod built for one push: endpoints per service, the policies, the
 * services known. Immutable once built and shared by every proxy that got it,
 * so a proxy's "last received config" is a reference, not a copy.
 */
export interface PushContext {
  version: number;
  builtAt: number;
  endpoints: ReadonlyMap<ServiceKey, readonly PodKey[]>;
  services: ReadonlySet<ServiceKey>;
  policies: readonly AuthorizationPolicySpec[];
}

export interface ProxyState {
  pod: PodKey;
  /**
   * Its pod and that pod's istio-proxy container, the same for the proxy's
   * whole life: the resource step reads both for every sidecar every second,
   * and a lookup in the pods map for each costs more than the step's arithmetic.
   */
  podState: PodState;
  container: ContainerRuntime | undefined;
  /** Its pod's creation order (PodState.order), so proxies visited out of the map are visited in its order. */
  order: number;
  revision: string;
  version: string;
  /** istiod pod of the open stream; null when not connected. */
  istiod: PodKey | null;
  /** Stream generation, so acks of a dead stream are dropped. */
  stream: number;
  connectedAt: number | null;
  connectionExpiresAt: number | null;
  /** Next connection attempt; null while connected or while the container is down. */
  nextConnectAt: number | null;
  backoffMs: number;
  /** First attempt of a connection waiting on istiod's new-stream rate limit. */
  waitingSince: number | null;
  xds: Record<XdsType, XdsTypeState>;
  /** Config the proxy applied (acked or not), per type; null before any. */
  cds: PushContext | null;
  lds: PushContext | null;
  eds: PushContext | null;
  rds: PushContext | null;
  /** Whether it ever received CDS and LDS since the container started (sidecar readiness). */
  initialConfig: boolean;
  cert: Certificate | null;
  /** Which of the staggered resource updates recomputes this sidecar's CPU and memory (see proxy-resources.ts). */
  resourceSlice: number;
  /** Requests per 1 s bucket, ring of `rateWindowMs / 1000`, and the bucket index it was last written. */
  rateBuckets: number[];
  rateBucketAt: number;
  /** The earliest time it is due in World.proxyWake; null when it has no entry there that is still wanted. */
  wakeAt: number | null;
  /** The model instant stepProxies last took it off World.proxyWake: another entry for it in the same step is a duplicate. */
  collectedAt: number | null;
}

export interface DebounceWindow {
  firstAt: number;
  lastAt: number;
  full: boolean;
  events: number;
}

export interface PushInProgress {
  version: number;
  full: boolean;
  ctx: PushContext;
  /** Instant of the first event of the debounced batch (convergence start). */
  eventAt: number;
  startedAt: number;
  queue: PodKey[];
  next: number;
  syntheticLeft: number;
  /** Fractional push capacity carried between steps. */
  credit: number;
}

export interface Histogram {
  bounds: readonly number[];
  counts: number[];
  overflow: number;
  sum: number;
  count: number;
}

export interface PilotCounters {
  pushes: Record<string, number>;
  pushTime: Record<string, Histogram>;
  convergence: Histogram;
  queueTime: Histogram;
  debounceTime: Histogram;
  pushTriggers: Record<string, number>;
  inboundUpdates: Record<string, number>;
  rejects: Record<string, number>;
  expiredNonce: number;
  refusedStreams: number;
  registryEvents: Record<string, number>;
}

export interface IstiodState {
  pod: PodKey;
  revision: string;
  startedAt: number | null;
  syncedAt: number | null;
  connections: Set<PodKey>;
  syntheticConnections: number;
  debounce: DebounceWindow | null;
  push: PushInProgress | null;
  /** New-stream rate limit: streams admitted this step and the step's capacity carried as credit. */
  streamCredit: number;
  /** CPU milliseconds spent this step (init pushes, registry events) before the push queue runs. */
  cpuUsedMs: number;
  /** Cumulative CPU seconds, for `process_cpu_seconds_total`. */
  cpuSecondsTotal: number;
  counters: PilotCounters;
  heapBytes: number;
  residentBytes: number;
  workingSetBytes: number;
}

export interface RevisionState {
  revision: string;
  version: string;
  deployment: string;
  cores: number;
}

export interface NamespaceState {
  name: string;
  labels: Record<string, string>;
}

export interface NodeState {
  name: string;
  images: Set<string>;
  /** Pods scheduled here (not gone), for spreading. */
  pods: number;
}

export interface RegistryState {
  reachable: boolean;
  pullDelayMs: number;
}
