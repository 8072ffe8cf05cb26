/**
 * The semantic operations a fault (or a responder) may perform on a target.
 * Operations are plain data, so `gameday plan` can print them, the journal
 * can store them, and an undo is just another Operation.
 *
 * Beside each, what it becomes on Kubernetes (kind and existing clusters).
 */

export interface WorkloadRef {
  namespace: string;
  name: string;
}

export type RolloutStrategy =
  | { type: 'RollingUpdate'; maxSurge: string; maxUnavailable: string }
  | { type: 'Recreate' };

/** Istio's AuthorizationPolicy, the subset the harness writes and the simulator evaluates. */
export interface AuthorizationPolicySpec {
  namespace: string;
  name: string;
  action: 'ALLOW' | 'DENY' | 'AUDIT';
  /** `istio.io/dry-run: "true"` annotation (ALLOW and DENY only). */
  dryRun?: boolean;
  /** `spec.selector.matchLabels`; absent means every workload in the namespace (or mesh-wide in the root namespace). */
  selector?: Record<string, string>;
  rules?: AuthorizationRule[];
}

export interface AuthorizationRule {
  from?: {
    source: {
      principals?: string[];
      notPrincipals?: string[];
      namespaces?: string[];
      notNamespaces?: string[];
    };
  }[];
  to?: {
    operation: {
      paths?: string[];
      notPaths?: string[];
      methods?: string[];
      notMethods?: string[];
    };
  }[];
}

export interface ProxyResources {
  cpuRequestMilli?: number;
  cpuLimitMilli?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

export interface AccessLogConfig {
  enabled: boolean;
  encoding: 'TEXT' | 'JSON';
  /** Envoy's component log level (`--proxyComponentLogLevel`); separate from access logging. */
  componentLogLevel: 'error' | 'warning' | 'info' | 'debug';
}

export type Operation =
  /**
   * Merge patch of the Deployment's `spec.template.spec.containers[name].resources.limits.memory` (null removes the limit).
   * `requestBytes` sets the memory request with it (null removes it); absent, a request above the new limit is lowered
   * to the limit, since the API refuses a request above the limit (istiod's chart requests 2Gi). Undos carry it.
   */
  | { op: 'set-memory-limit'; workload: WorkloadRef; container: string; limitBytes: number | null; requestBytes?: number | null }
  /** Merge patch of the Deployment's `spec.strategy`. */
  | { op: 'set-rollout-strategy'; workload: WorkloadRef; strategy: RolloutStrategy }
  /** Patch of the Deployment's scale subresource. */
  | { op: 'scale'; workload: WorkloadRef; replicas: number }
  /** Merge patch of the pod template annotation `kubectl.kubernetes.io/restartedAt`. */
  | { op: 'rollout-restart'; workload: WorkloadRef }
  /** DELETE of pods: by name, or `count` pods picked by label selector (its ReplicaSet recreates them). */
  | { op: 'delete-pods'; namespace: string; selector?: Record<string, string>; names?: string[]; count?: number }
  /** Merge patch of a container's image in the Deployment's pod template. */
  | { op: 'set-image'; workload: WorkloadRef; container: string; image: string }
  /** Create or replace of a `security.istio.io/v1` AuthorizationPolicy custom object. */
  | { op: 'apply-authorization-policy'; policy: AuthorizationPolicySpec }
  /** DELETE of the AuthorizationPolicy custom object. */
  | { op: 'delete-authorization-policy'; namespace: string; name: string }
  /** `docker exec <node> ctr -n k8s.io images rm <ref>` on each kind node (not possible on managed clusters). */
  | { op: 'evict-image'; image: string; nodes?: string[] }
  /** kind: the registry mirror named in `containerdConfigPatches` is made slow or unreachable (tc/iptables in the mirror container). */
  | { op: 'set-registry'; reachable: boolean; pullDelayMs: number }
  /** `istioctl install --set revision=<rev> --set tag=<version>` (plus a memory limit on istiod). */
  | {
      op: 'install-revision';
      revision: string;
      version: string;
      replicas: number;
      memoryLimitBytes: number | null;
    }
  /** `istioctl uninstall --revision <rev> -y`. */
  | { op: 'uninstall-revision'; revision: string }
  /** `istioctl tag set <tag> --revision <rev> --overwrite -y` (a MutatingWebhookConfiguration per tag). */
  | { op: 'set-revision-tag'; tag: string; revision: string }
  /** `istioctl tag remove <tag>`. */
  | { op: 'remove-revision-tag'; tag: string }
  /**
   * Namespace labels: `istio.io/rev=<revision|tag>` (null removes it). `injection`: true sets
   * `istio-injection=enabled` (wins over `istio.io/rev`), `'disabled'` sets `istio-injection=disabled`
   * (no injection whatever `istio.io/rev` says), false removes the label; absent leaves it as it is.
   */
  | { op: 'set-namespace-revision'; namespace: string; revision: string | null; injection?: boolean | 'disabled' }
  /**
   * Pod template annotations of the workloads (all in the namespace when `workload` is absent):
   * `sidecar.istio.io/proxyCPU`, `…/proxyMemoryLimit`, `proxy.istio.io/config` accessLog settings,
   * `sidecar.istio.io/componentLogLevel`. Takes effect as pods are recreated, as in a cluster.
   */
  | {
      op: 'set-proxy-config';
      namespace: string;
      workload?: string;
      resources?: ProxyResources;
      accessLog?: AccessLogConfig;
    }
  /** IstioOperator / `meshConfig.defaultConfig.proxyMetadata.SECRET_TTL` (workload certificate lifetime). */
  | { op: 'set-cert-ttl'; ttlMs: number }
  /**
   * Create or DELETE of `networking.istio.io/v1` ServiceEntry custom objects `gameday-load-<i>`
   * (i = 0 … n−1) labelled `app.kubernetes.io/managed-by=istio-gameday`, until the namespace holds
   * exactly `serviceEntries` of them: config istiod must hold and push to every proxy.
   */
  | { op: 'set-config-load'; namespace: string; serviceEntries: number };

export type OperationName = Operation['op'];

/** What a target reports after it confirmed a mutation. */
export interface Confirmation {
  /** The instant the target confirmed the change (from the run's clock). */
  at: number;
  /** One line for people: what changed, e.g. `deployment istio-system/istiod memory limit 2Gi → 512Mi`. */
  summary: string;
}

/** One line for people, used by `gameday plan` and the journal. */
export function describeOperation(op: Operation): string {
  const w = (r: WorkloadRef): string => `${r.namespace}/${r.name}`;
  switch (op.op) {
    case 'set-memory-limit':
      return `set memory limit of ${w(op.workload)} container ${op.container} to ${op.limitBytes === null ? 'none' : formatBytes(op.limitBytes)}`;
    case 'set-rollout-strategy':
      return `set rollout strategy of ${w(op.workload)} to ${op.strategy.type === 'Recreate' ? 'Recreate' : `RollingUpdate maxSurge=${op.strategy.maxSurge} maxUnavailable=${op.strategy.maxUnavailable}`}`;
    case 'scale':
      return `scale ${w(op.workload)} to ${op.replicas} replicas`;
    case 'rollout-restart':
      return `rollout restart ${w(op.workload)}`;
    case 'delete-pods':
      return `delete ${op.names ? `pods ${op.names.join(', ')}` : `${op.count ?? 'all'} pod(s)`} in ${op.namespace}${op.selector ? ` matching ${formatLabels(op.selector)}` : ''}`;
    case 'set-image':
      return `set image of ${w(op.workload)} container ${op.container} to ${op.image}`;
    case 'apply-authorization-policy':
      return `apply AuthorizationPolicy ${op.policy.namespace}/${op.policy.name} (${op.policy.action}${op.policy.dryRun ? ', dry-run' : ''})`;
    case 'delete-authorization-policy':
      return `delete AuthorizationPolicy ${op.namespace}/${op.name}`;
    case 'evict-image':
      return `evict image ${op.image} from ${op.nodes?.length ? op.nodes.join(', ') : 'every node'}`;
    case 'set-registry':
      return op.reachable ? `make the registry reachable (pull delay ${op.pullDelayMs} ms)` : 'make the registry unreachable';
    case 'install-revision':
      return `install istiod revision ${op.revision} (version ${op.version}, ${op.replicas} replica(s), memory limit ${op.memoryLimitBytes === null ? 'none' : formatBytes(op.memoryLimitBytes)})`;
    case 'uninstall-revision':
      return `uninstall istiod revision ${op.revision}`;
    case 'set-revision-tag':
      return `point revision tag ${op.tag} at ${op.revision}`;
    case 'remove-revision-tag':
      return `remove revision tag ${op.tag}`;
    case 'set-namespace-revision':
      return `label namespace ${op.namespace} istio.io/rev=${op.revision ?? '(removed)'}${op.injection === undefined ? '' : ` istio-injection=${injectionLabel(op.injection) ?? '(removed)'}`}`;
    case 'set-proxy-config':
      return `set proxy config of ${op.namespace}/${op.workload ?? '*'}${op.resources ? ` resources ${JSON.stringify(op.resources)}` : ''}${op.accessLog ? ` access log ${JSON.stringify(op.accessLog)}` : ''}`;
    case 'set-cert-ttl':
      return `set workload certificate TTL to ${op.ttlMs} ms`;
    case 'set-config-load':
      return `make namespace ${op.namespace} hold ${op.serviceEntries} generated ServiceEntr${op.serviceEntries === 1 ? 'y' : 'ies'} (${CONFIG_LOAD_PREFIX}<i>)`;
  }
}

/** Name prefix of the ServiceEntries `set-config-load` creates: `gameday-load-0`, `gameday-load-1`, … */
export const CONFIG_LOAD_PREFIX = 'gameday-load-';

/** The `istio-injection` label value a `set-namespace-revision` injection setting writes (null: removed). */
export function injectionLabel(injection: boolean | 'disabled'): 'enabled' | 'disabled' | null {
  if (injection === 'disabled') return 'disabled';
  return injection ? 'enabled' : null;
}

function formatLabels(l: Record<string, string>): string {
  return Object.entries(l)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function formatBytes(n: number): string {
  const units: [string, number][] = [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ];
  for (const [u, f] of units) if (n >= f && n % f === 0) return `${n / f}${u}`;
  for (const [u, f] of units) if (n >= f) return `${(n / f).toFixed(1)}${u}`;
  return `${n}`;
}
