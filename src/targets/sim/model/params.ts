/**
 * The model's numbers, each an upstream default or published figure (the
 * docs/ section named beside it says where it comes from) or, where upstream
 * has no figure, a model choice said to be one. All are overridable per model.
 */

export interface VersionProfile {
  /** Multiplies istiod's memory demand (1.12 = 1). */
  istiodMemoryFactor: number;
  /** Added latency of a proxy pair, median (ms). */
  proxyPairOverheadMs: number;
}

export interface ModelParams {
  /** Fixed sub-step of `advance` (model ms). Model choice. */
  stepMs: number;

  // kubelet (docs/kubernetes.md)
  crashBackoffInitialMs: number;
  crashBackoffMaxMs: number;
  /** Back-off forgotten after this long without a crash (2 × max, Kubernetes' backoff GC). */
  crashBackoffResetMs: number;
  pullBackoffInitialMs: number;
  pullBackoffMaxMs: number;
  /** A failed pull against an unreachable registry fails after this long. Model choice. */
  pullFailMs: number;
  /** Cached image → container running. Model choice. */
  containerStartMs: number;
  /** SIGTERM → process gone; bounded by terminationGracePeriodSeconds 30 (docs/kubernetes.md#pod-termination). Model choice within it. */
  podShutdownMs: number;
  /** Sidecar readiness probe period (15 s, docs/istio.md#sidecar-readiness). */
  sidecarReadinessPeriodMs: number;
  /** Plain container readiness probe period (10 s, docs/kubernetes.md#probes). */
  readinessPeriodMs: number;
  /** ReplicaSet controller retry after a FailedCreate, doubling to the max. Model choice. */
  createRetryInitialMs: number;
  createRetryMaxMs: number;

  // istiod
  /** Informer caches sync after container start; streams refused before. Model choice. */
  istiodCacheSyncMs: number;
  /** Live heap demand: base + per proxy + per service + per other config object + per queued push. */
  istiodBaseBytes: number;
  istiodPerProxyBytes: number;
  istiodPerServiceBytes: number;
  istiodPerConfigBytes: number;
  istiodPerQueuedPushBytes: number;
  /** Heap the Go GC lets garbage grow to above live data (GOGC 100 would be 2×). Model choice. */
  istiodGarbageFactor: number;
  /** Runtime, stacks and binary outside the heap. Model choice. */
  istiodNonHeapBytes: number;
  /** GOMEMLIMIT as a share of the limit (~90%, docs/istio.md#istiod-memory). */
  goMemLimitRatio: number;
  istiodDefaultCores: number;
  /** Debounce quiet period and maximum (docs/istio.md#push-pipeline). */
  debounceAfterMs: number;
  debounceMaxMs: number;
  /** istiod time to build and write one proxy's push (ms) for a full and an endpoint-only push. Model choice. */
  pushSendFullMs: number;
  pushSendEdsMs: number;
  /** istiod CPU per Kubernetes event handled (ms). Model choice. */
  registryEventCpuMs: number;
  /** Envoy's time to apply and ack a push: base + per service it knows. Model choice. */
  proxyApplyBaseMs: number;
  proxyApplyPerServiceMs: number;
  /** Envoy reconnect back-off (docs/envoy.md#xds-reconnects). */
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Max connection age (30 min, docs/istio.md#istiod-chart-defaults). */
  maxConnectionAgeMs: number;
  /** Refused new streams wait this long before the proxy backs off (refused after a 1 s wait, docs/istio.md#push-pipeline). */
  streamWaitMs: number;

  // certificates (docs/istio.md#workload-certificates)
  certTtlMs: number;

  // proxies (docs/istio.md#sidecar-resources)
  proxyBaseMemoryBytes: number;
  /** ~15 KB per cluster in Envoy. */
  proxyPerServiceBytes: number;
  /** 40–60 MB per 1000 requests/s: 50 KB per request/s. */
  proxyPerRpsBytes: number;
  /** 0.2–0.35 vCPU per 1000 requests/s: 0.275 millicores per request/s. */
  proxyCpuPerRpsMilli: number;
  proxyIdleCpuMilli: number;
  /** Access logging costs roughly 2× CPU at the same rate (docs/istio.md#access-logs-and-log-level). */
  accessLogCpuFactor: number;
  /** Log bytes per request: ~290 TEXT, ~1.2 KB JSON with metadata (docs/istio.md#access-logs-and-log-level). */
  accessLogTextBytes: number;
  accessLogJsonBytes: number;
  /** Seconds of log output held in the proxy's buffers when logs are written. Model choice. */
  accessLogBufferSeconds: number;
  /** `debug` component logging can take a proxy to 99% CPU (docs/istio.md#access-logs-and-log-level). */
  debugLogCpuShare: number;
  /** Per-request CPU multiplier under `debug` (many log lines per request). Model choice. */
  debugLogCpuFactor: number;
  /** Chart sidecar defaults: requests 100m / 128Mi, limits 2000m / 1024Mi. */
  proxyCpuLimitMilli: number;
  proxyMemoryLimitBytes: number;
  /** Sliding window for a proxy's request rate. Model choice. */
  rateWindowMs: number;

  // data plane
  /** Istio's default retry policy: 2 retries on connect failure. docs/istio.md#retries. */
  connectRetries: number;
  /** Time to learn a pod IP is gone (host unreachable). Model choice. */
  deadEndpointMs: number;

  /** Per minor version (`1.12`), docs/istio.md#published-figures-for-istiod and #sidecar-resources. */
  versions: Record<string, VersionProfile>;
}

const MiB = 2 ** 20;

export const DEFAULT_PARAMS: ModelParams = {
  stepMs: 100,

  crashBackoffInitialMs: 10_000,
  crashBackoffMaxMs: 300_000,
  crashBackoffResetMs: 600_000,
  pullBackoffInitialMs: 10_000,
  pullBackoffMaxMs: 300_000,
  pullFailMs: 1_000,
  containerStartMs: 1_000,
  podShutdownMs: 1_000,
  sidecarReadinessPeriodMs: 15_000,
  readinessPeriodMs: 10_000,
  createRetryInitialMs: 1_000,
  createRetryMaxMs: 30_000,

  istiodCacheSyncMs: 2_000,
  // 1 vCPU and 1.5 GB for 1000 services / 2000 sidecars: 64 MiB + 2000 × 0.45 MiB + 1000 × 0.25 MiB
  // ≈ 1.2 GiB live, ≈ 1.5 GB working set with the garbage and non-heap terms below.
  istiodBaseBytes: 64 * MiB,
  istiodPerProxyBytes: 0.45 * MiB,
  istiodPerServiceBytes: 0.25 * MiB,
  istiodPerConfigBytes: 0.05 * MiB,
  // Half of a typical per-proxy push (LDS+CDS+RDS+EDS ≈ 670 kB, #31943) held while queued.
  istiodPerQueuedPushBytes: 0.33 * MiB,
  istiodGarbageFactor: 1.2,
  istiodNonHeapBytes: 40 * MiB,
  goMemLimitRatio: 0.9,
  istiodDefaultCores: 2,
  debounceAfterMs: 100,
  debounceMaxMs: 10_000,
  pushSendFullMs: 20,
  pushSendEdsMs: 2,
  registryEventCpuMs: 1,
  proxyApplyBaseMs: 150,
  proxyApplyPerServiceMs: 1.5,
  reconnectInitialMs: 500,
  reconnectMaxMs: 30_000,
  maxConnectionAgeMs: 30 * 60_000,
  streamWaitMs: 1_000,

  certTtlMs: 24 * 3_600_000,

  proxyBaseMemoryBytes: 40 * MiB,
  proxyPerServiceBytes: 15 * 1024,
  proxyPerRpsBytes: 50 * 1024,
  proxyCpuPerRpsMilli: 0.275,
  proxyIdleCpuMilli: 5,
  accessLogCpuFactor: 2,
  accessLogTextBytes: 290,
  accessLogJsonBytes: 1_200,
  accessLogBufferSeconds: 120,
  debugLogCpuShare: 0.99,
  debugLogCpuFactor: 10,
  proxyCpuLimitMilli: 2_000,
  proxyMemoryLimitBytes: 1_024 * MiB,
  rateWindowMs: 10_000,

  connectRetries: 2,
  deadEndpointMs: 3,

  versions: {
    // 1.12–1.16: two proxies add 1.7 ms P90 (median taken as 1.2 ms); 1.13's +40% memory is the
    // seed article's figure, a parameter (no issue documents it).
    '1.12': { istiodMemoryFactor: 1.0, proxyPairOverheadMs: 1.2 },
    '1.13': { istiodMemoryFactor: 1.4, proxyPairOverheadMs: 1.2 },
    '1.14': { istiodMemoryFactor: 1.4, proxyPairOverheadMs: 1.2 },
    '1.15': { istiodMemoryFactor: 1.4, proxyPairOverheadMs: 1.2 },
    '1.16': { istiodMemoryFactor: 1.4, proxyPairOverheadMs: 1.2 },
  },
};

/** Profile for a semantic version; versions without an entry (1.20+: 0.2–0.3 ms a pair) get the modern overhead. */
const UNKNOWN_VERSION: VersionProfile = { istiodMemoryFactor: 1.0, proxyPairOverheadMs: 0.25 };

/** `1.22.3` → `1.22`, remembered: asked on every hop of every request, of the few versions a mesh runs. */
const minors = new Map<string, string>();

function minorOf(version: string): string {
  let m = minors.get(version);
  if (m === undefined) minors.set(version, (m = minorOfUncached(version)));
  return m;
}

/** `1.12` of `1.12.0`, without split and join. */
function minorOfUncached(version: string): string {
  const first = version.indexOf('.');
  if (first < 0) return version;
  const second = version.indexOf('.', first + 1);
  return second < 0 ? version : version.slice(0, second);
}

export function versionProfile(params: ModelParams, version: string): VersionProfile {
  return params.versions[minorOf(version)] ?? UNKNOWN_VERSION;
}

export function mergeParams(overrides: Partial<ModelParams> | undefined): ModelParams {
  if (!overrides) return DEFAULT_PARAMS;
  return { ...DEFAULT_PARAMS, ...overrides, versions: { ...DEFAULT_PARAMS.versions, ...(overrides.versions ?? {}) } };
}
