/**
 * The Target port: the one interface faults, responders and the runner use
 * to act on a mesh. Three implementations: `sim` (the embedded model),
 * `kind` and `cluster` (one Kubernetes adapter). Nothing imports a concrete
 * target except the composition root, `compose/pick.ts`.
 */
import type { Confirmation, Operation } from './operations.js';
import type { MeshSnapshot } from './views.js';

export type TargetKind = 'sim' | 'kind' | 'cluster';

/** Where observers find the mesh. */
export type ScrapeSource =
  /**
   * The harness runs Prometheus itself and discovers targets from this Prometheus HTTP SD URL.
   * `slowJobs`: jobs (by their targets' `job` label) the target asks to be scraped less often
   * than the run's interval, each discovered from its own URL: exporters whose exposition is
   * too large to read every second, as clusters scrape kube-state-metrics and cAdvisor every 15–30 s.
   */
  | { kind: 'http-sd'; url: string; slowJobs?: SlowJob[] }
  /** The harness runs Prometheus itself and scrapes these static `host:port` targets per job. */
  | { kind: 'static'; jobs: { job: string; targets: string[]; metricsPath?: string }[] }
  /**
   * The harness runs Prometheus itself and discovers pods through this context's API server,
   * scraping them through the API server's pod proxy: nothing is installed in the cluster.
   */
  | { kind: 'kubernetes'; kubeconfigPath: string; context: string };

/** A job of an `http-sd` source scraped at its own interval (wall ms), discovered from `url` alone. */
export interface SlowJob {
  job: string;
  url: string;
  intervalMs: number;
}

export interface TargetEndpoints {
  /** Base URL the load engine sends load to, like an ingress gateway's. */
  ingressUrl: string;
  scrape: ScrapeSource;
  /** Model seconds per wall second (1 on real clusters). */
  timeScale: number;
}

/** Something the target saw happen: a pod OOMKilled, an image pull failing, a webhook rejecting a pod. */
export interface TargetEvent {
  at: number;
  /** Kubernetes event reason: OOMKilled, BackOff, ErrImagePull, FailedCreate, Killing, Pulled, … */
  reason: string;
  /** `kind/namespace/name`, e.g. `pod/istio-system/istiod-6d9f-abcde`. */
  object: string;
  message: string;
}

/** The target's API stopped answering (`reachable: false`, `at` when the failing call was sent) or answers again. */
export interface ReachabilityChange {
  at: number;
  reachable: boolean;
  /** Why it was unreachable (empty when reachable). */
  reason: string;
}

/**
 * A change to the mesh that someone other than this harness made while it ran: a trainee's
 * `kubectl` on a cluster (seen by the adapter's informers), a `gameday sim apply` on the
 * simulator (seen by its control API). The harness's own writes are never reported.
 */
export interface OutsideChange {
  at: number;
  /** `kind/namespace/name`, e.g. `deployment/orders/orders-api`. */
  object: string;
  /** What changed, briefly, naming the object: `deployment orders/orders-api: replicas 3 → 1`. */
  summary: string;
  /** How it was made: `gameday sim apply`, or the API server's field manager (`kubectl-edit`, `kubectl-scale`…) when known. */
  via: string;
}

/**
 * The model's own record of when users were first hurt (simulator only):
 * the ground truth TTD is checked against.
 */
export interface SymptomRecord {
  at: number;
  what: string;
}

export interface Target {
  readonly kind: TargetKind;
  /**
   * Names the target when it outlives the harness process (`sim:<control URL>` for a served
   * simulator, `<kind>:<context>` for a cluster), so a later run against it can find journals a
   * crashed run left unfinished. Absent for a target that ends with the run (the embedded simulator).
   */
  readonly identity?: string;

  /** Brings the target up (or attaches to a running one) and says where to find it. */
  up(): Promise<TargetEndpoints>;
  /** Stops what `up` started. Idempotent. Never reverts faults: the runner does that first. */
  down(): Promise<void>;

  /**
   * The operation that would undo `op` given the target's current state (a read only),
   * or null when nothing can undo it (a deleted pod is recreated by its controller; an
   * evicted image comes back only by a pull). The runner journals it before calling apply.
   */
  inverse(op: Operation): Promise<Operation | null>;
  /** Performs `op` and resolves once the target confirmed the change. */
  apply(op: Operation): Promise<Confirmation>;

  snapshot(): Promise<MeshSnapshot>;
  /** Subscribes to target events; returns the unsubscribe function. */
  onEvent(listener: (e: TargetEvent) => void): () => void;

  /**
   * Clusters only: hears when the API server stops answering and when it answers again. The
   * observers reach the cluster through it, so the runner judges that span unknown.
   */
  onReachability?(listener: (c: ReachabilityChange) => void): () => void;

  /** Subscribes to changes made by others than this harness (see OutsideChange); returns the unsubscribe function. */
  onOutsideChange?(listener: (c: OutsideChange) => void): () => void;

  /** Simulator only: first symptom instants from the model, for checking measured TTD. */
  symptoms?(): SymptomRecord[];
}
