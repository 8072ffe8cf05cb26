/**
 * What the model's read methods return: plain data for the simulator's faces
 * (data plane, metrics exposition, service discovery, control API). Callers
 * never see the model's internal maps.
 */
import type { XdsType } from '../../views.js';

/** A request entering at the ingress gateway. */
export interface RequestSpec {
  path: string;
  method: string;
  /** Instant reported on the outcome; the request always sees the model's state at its current time. */
  at?: number;
}

/** Which proxies would record this hop in `istio_requests_total`. */
export type Reporter = 'source' | 'destination';

/** One proxy-to-proxy hop of a request, with what Istio's telemetry would label it. */
export interface HopOutcome {
  sourceWorkload: string;
  sourceNamespace: string;
  /** `spiffe://cluster.local/ns/<ns>/sa/<sa>` as in istio_requests_total's `source_principal`. */
  sourcePrincipal: string;
  sourceApp: string;
  /** Canonical revision of the source (`version` label of the workload, `latest` by default). */
  sourceVersion: string;
  sourcePod: string;
  destinationWorkload: string;
  destinationNamespace: string;
  /** FQDN: `<name>.<ns>.svc.cluster.local`. */
  destinationService: string;
  destinationServiceName: string;
  destinationServiceNamespace: string;
  destinationPrincipal: string;
  destinationApp: string;
  destinationVersion: string;
  /** The pod the request reached (or tried to reach); null when no endpoint was picked. */
  destinationPod: string | null;
  responseCode: number;
  /** Envoy response flags: `-`, `UH`, `UF`, `NR`, `NC`, … (docs/envoy.md#local-replies-and-response-flags). */
  responseFlags: string;
  /** Duration seen by the source proxy, including everything downstream of the destination. */
  latencyMs: number;
  /** Whether the hop ran over mutual TLS (`connection_security_policy="mutual_tls"` on the destination side). */
  mtls: boolean;
  /** Proxies that record the hop: the destination only records requests that reached it. Shared between hops: never mutated. */
  reporters: readonly Reporter[];
  /** Policy names that matched and would deny in dry-run (`shadow_denied`), `ns/name`. Shared when empty: never mutated. */
  dryRunDenied: readonly string[];
  /** The enforced policy that denied, `ns/name`, when responseCode is 403. */
  deniedBy: string | null;
}

export interface RequestOutcome {
  at: number;
  status: number;
  body: string;
  /** Total latency seen by the client of the gateway (ms). */
  latencyMs: number;
  /** Entry route prefix matched, null when no route matched (404 NR at the gateway). */
  route: string | null;
  hops: HopOutcome[];
}

/** istiod memory as the Go runtime, the process and cAdvisor would report it. */
export interface IstiodMemoryReading {
  pod: string;
  namespace: string;
  revision: string;
  version: string;
  /** `go_memstats_heap_alloc_bytes`. */
  heapAllocBytes: number;
  /** `process_resident_memory_bytes`. */
  residentBytes: number;
  /** `container_memory_working_set_bytes{container="discovery"}`. */
  workingSetBytes: number;
  limitBytes: number | null;
  running: boolean;
}

/** A histogram; `counts[i]` counts observations in (`bounds[i-1]`, `bounds[i]`], not cumulatively. */
export interface HistogramReading {
  /** Upper bounds in seconds. */
  bounds: readonly number[];
  counts: number[];
  /** Observations above the last bound. */
  overflow: number;
  sum: number;
  count: number;
}

/** The `pilot_*` series of one istiod pod. Counters restart from zero when the container restarts. */
export interface PilotReading {
  pod: string;
  namespace: string;
  revision: string;
  version: string;
  running: boolean;
  /** Container start instant, for `istiod_uptime_seconds`. */
  startedAt: number | null;
  /** `pilot_xds{version}`: proxies connected now. */
  xdsConnections: number;
  /** `pilot_xds_pushes{type}` keyed by lower-case type (`cds`, `eds`, `lds`, `rds`, and `*_senderr`). */
  pushes: Record<string, number>;
  /** `pilot_xds_push_time{type}` per lower-case type (buckets .01 .1 1 3 5 10 20 30, docs/istio.md#istiod-metrics). */
  pushTime: Record<string, HistogramReading>;
  /** `pilot_proxy_convergence_time` (buckets .1 .5 1 3 5 10 20 30). */
  convergence: HistogramReading;
  /** `pilot_proxy_queue_time` (s): time proxies waited in the push queue. */
  queueTime: HistogramReading;
  /** `pilot_debounce_time` (s). */
  debounceTime: HistogramReading;
  /** `pilot_push_triggers{type}`: `endpoint`, `config`, `proxy`. */
  pushTriggers: Record<string, number>;
  /** `pilot_inbound_updates{type}`: `eds`, `config`. */
  inboundUpdates: Record<string, number>;
  /** `pilot_total_xds_rejects{type}`. */
  rejects: Record<string, number>;
  /** `pilot_xds_expired_nonce`-like count of pushes superseded before the proxy acked. */
  expiredNonce: number;
  /** Streams refused (caches not synced, or the new-stream rate limit). */
  refusedStreams: number;
  /** `pilot_services`. */
  services: number;
  /** `pilot_virt_services` (the model has none of its own; synthetic config objects count). */
  virtualServices: number;
  /** Proxies waiting in this pod's push queue now. */
  queueLength: number;
  /** `pilot_k8s_reg_events{type,event}` keyed `type/event`. */
  registryEvents: Record<string, number>;
}

/** One container as kube-state-metrics and cAdvisor see it. */
export interface ContainerReading {
  namespace: string;
  pod: string;
  container: string;
  node: string;
  image: string;
  /** `kube_pod_container_status_restarts_total`. */
  restarts: number;
  /** `kube_pod_container_status_last_terminated_reason` and `…_exitcode`. */
  lastTerminatedReason: 'OOMKilled' | 'Error' | 'Completed' | null;
  lastTerminatedExitCode: number | null;
  /** `kube_pod_container_status_waiting_reason`. */
  waitingReason: string | null;
  running: boolean;
  ready: boolean;
  /** `kube_pod_container_resource_limits{resource="memory"}`. */
  memoryLimitBytes: number | null;
  cpuLimitMilli: number | null;
  /** `container_memory_working_set_bytes`. */
  memoryWorkingSetBytes: number;
  /** CPU in use (millicores), after throttling: feeds `container_cpu_usage_seconds_total`. */
  cpuUsageMilli: number;
  /** Share of CPU demand the limit cut off (0..1): `container_cpu_cfs_throttled_*`. */
  cpuThrottledRatio: number;
  /** Cumulative CPU seconds, for `container_cpu_usage_seconds_total`. */
  cpuSecondsTotal: number;
}

export interface PodReading {
  namespace: string;
  pod: string;
  deployment: string;
  node: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  terminating: boolean;
  /** Revision that injected the pod's sidecar, null when not injected. */
  revision: string | null;
  role: 'app' | 'istiod' | 'gateway';
  labels: Record<string, string>;
  containers: ContainerReading[];
}

/**
 * Each pod's key (`namespace/name`) and the version of its status, side by
 * side in creation order. A version changes whenever anything of the pod's
 * reading but its resource use (working set, CPU) does.
 */
export interface PodVersions {
  keys: string[];
  versions: number[];
}

/**
 * Resource use of every running container, as cAdvisor reads it from the
 * cgroups: one entry per container, side by side, pods in creation order.
 */
export interface ContainerUsage {
  /** The pod's key (`namespace/name`). */
  pods: string[];
  /** The container's index in its pod's `containers`. */
  index: number[];
  workingSetBytes: number[];
  cpuUsageMilli: number[];
  cpuThrottledRatio: number[];
  cpuSecondsTotal: number[];
}

export function emptyContainerUsage(): ContainerUsage {
  return { pods: [], index: [], workingSetBytes: [], cpuUsageMilli: [], cpuThrottledRatio: [], cpuSecondsTotal: [] };
}

/** Appends one running container's row: container `index` of pod `pod`, its working set and CPU. */
export function addContainerUsage(
  u: ContainerUsage,
  pod: string,
  index: number,
  workingSetBytes: number,
  cpu: { cpuUsageMilli: number; cpuThrottledRatio: number; cpuSecondsTotal: number },
): void {
  u.pods.push(pod);
  u.index.push(index);
  u.workingSetBytes.push(workingSetBytes);
  u.cpuUsageMilli.push(cpu.cpuUsageMilli);
  u.cpuThrottledRatio.push(cpu.cpuThrottledRatio);
  u.cpuSecondsTotal.push(cpu.cpuSecondsTotal);
}

/** kube-state-metrics' Deployment series. */
export interface DeploymentReading {
  namespace: string;
  deployment: string;
  /** `kube_deployment_spec_replicas`. */
  specReplicas: number;
  /** `kube_deployment_status_replicas_available`. */
  availableReplicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  /** Pods that exist (not yet gone), terminating included. */
  replicas: number;
}

export interface SyncCounts {
  synced: number;
  stale: number;
  notSent: number;
}

/**
 * `istioctl proxy-status` counts per revision and per xDS type. Every revision with an
 * injected pod has a row, at zero while none of its sidecars runs.
 */
export interface ProxyStatusCount {
  revision: string;
  /** Proxies of the revision (pods injected by it that are running). */
  proxies: number;
  connected: number;
  /** Per type: how many connected proxies are SYNCED, STALE, NOT SENT. */
  byType: Record<XdsType, SyncCounts>;
  /** Connected proxies by overall status: STALE if any type is, NOT SENT if no type was sent, else SYNCED. */
  overall: SyncCounts;
  /** Proxies with at least one STALE type (the same as `overall.stale`). */
  staleProxies: number;
  /** Proxies whose workload certificate has expired. */
  expiredCerts: number;
}

/** The workload certificate a proxy holds. */
export interface WorkloadCertReading {
  namespace: string;
  pod: string;
  issuedAt: number;
  expiresAt: number;
}

/** Ingress route as served by the gateway. */
export interface IngressRouteReading {
  prefix: string;
  service: string;
}
