/**
 * The normalised Scenario: what the loader produces after parsing, schema
 * checks and normalisation. Durations are milliseconds, quantities bytes,
 * ratios 0..1, paths absolute and confined to the project. The YAML forms
 * (`90s`, `512Mi`, `99.5%`) live in the schema (`scenario/schema.ts`).
 */
import type { AuthorizationRule, Operation } from '../targets/operations.js';
import type { TargetKind } from '../targets/port.js';

export const SCENARIO_API_VERSION = 'gameday.istio.io/v1';

export interface Scenario {
  apiVersion: typeof SCENARIO_API_VERSION;
  kind: 'Scenario';
  /** Absolute path of the file it was loaded from. */
  file: string;
  metadata: { name: string; description?: string; labels: Record<string, string> };
  spec: ScenarioSpec;
}

export interface ScenarioSpec {
  /** Target the scenario expects when none is given on the command line; defaults to sim. */
  target: { default: TargetKind; sim: SimOptions };
  load: LoadSpec;
  steadyState: SteadyStateSpec;
  faults: FaultSpec[];
  detection: DetectionSpec;
  recovery: RecoverySpec;
  objectives: ObjectivesSpec;
  abort: AbortSpec;
  /** A postmortem's timeline to lay the measured one beside. */
  reference?: ReferenceTimeline;
}

export interface ReferenceTimeline {
  source?: string;
  steps: ReferenceStep[];
}

export interface ReferenceStep {
  /** From injection, scenario time. */
  atMs: number;
  event: string;
  match: ReferenceMatch;
}

export interface ReferenceMatch {
  kind: 'target' | 'symptom' | 'alert' | 'action' | 'fault.inject' | 'fault.revert';
  reason?: string;
  object?: string;
  alert?: string;
  state?: 'pending' | 'firing' | 'resolved';
  fault?: string;
  text?: string;
  occurrence?: 'first' | 'last';
}

export interface SimOptions {
  /** Model seconds per wall second. 1 = real time. */
  timeScale: number;
  seed: number;
  /** Topology name (`default`) or an inline topology; the simulator validates the inline form. */
  topology: string | Record<string, unknown>;
}

/** The load engines: vegeta (MIT, installed by setup) by default; k6 only as the user's own tool. */
export const LOAD_ENGINES = ['vegeta', 'k6'] as const;
export type LoadEngineName = (typeof LOAD_ENGINES)[number];

export interface LoadRoute {
  /** Path requested on the ingress, joined to its base URL. */
  path: string;
  /** Share of the requests, relative to the other routes' weights. */
  weight: number;
  /** Namespace the route leads to: counts a request whose reply names no namespace. */
  namespace?: string;
  /** Request headers of this route, over the load's own. */
  headers: Record<string, string>;
}

export interface LoadSpec {
  engine: LoadEngineName;
  /** k6 only: absolute real path of the script, written relative to the project root and confined to it. Default load/steady.js. */
  script?: string;
  /** Constant arrival rate, requests per second (open model: it holds when the target slows). */
  rate: number;
  /** k6 only: pre-allocated virtual users for the arrival-rate executor. */
  vus: number;
  /** Total load duration; the runner stops the engine early when the run ends. */
  durationMs: number;
  /** At least one; requests are spread over them by weight. */
  routes: LoadRoute[];
  /** Headers on every request. */
  headers: Record<string, string>;
  /** A request without a response by then counts as failed (status 0). */
  timeoutMs: number;
  /** k6 only: `-e NAME=value` for the script. */
  env: Record<string, string>;
}

export interface SteadyStateSpec {
  /** Minimum share of successful requests per second (0..1). */
  minSuccessRate: number;
  /** Maximum p99 latency in ms. */
  maxP99Ms: number;
  /** No alert of the pack (or of `--rules`) is firing. */
  noFiringAlerts: boolean;
  /** The hypothesis must hold continuously for this long. */
  windowMs: number;
  /** Give up (run fails as "not steady") if it has not held by then. */
  timeoutMs: number;
}

export interface FaultSpec {
  /** Unique within the scenario; defaults to the type (`istiod-oom`, `istiod-oom-2`, …). */
  name: string;
  type: FaultType;
  /** Offset from the end of the steady-state phase. */
  atMs: number;
  /** Revert automatically after this long; absent means at the end of the run (or by a responder). */
  durationMs?: number;
  params: FaultParams;
}

export type FaultType = FaultParams['type'];

export type FaultParams =
  | ({ type: 'istiod-oom' } & IstiodOomParams)
  | ({ type: 'image-cache-evict' } & ImageCacheEvictParams)
  | ({ type: 'deny-policy' } & DenyPolicyParams)
  | ({ type: 'pod-churn' } & PodChurnParams)
  | ({ type: 'istiod-outage' } & IstiodOutageParams)
  | ({ type: 'inplace-upgrade' } & InplaceUpgradeParams)
  | ({ type: 'canary-upgrade' } & CanaryUpgradeParams)
  | ({ type: 'access-log-flood' } & AccessLogFloodParams)
  | ({ type: 'sidecar-starvation' } & SidecarStarvationParams);

export interface IstiodOomParams {
  /** Revision to hit; default: the one the `default` tag (or the only revision) points at. */
  revision?: string;
  /** New memory limit in bytes; default: `belowWorkingSet` × current working set. */
  memoryLimitBytes?: number;
  belowWorkingSet: number;
  /** Extra demand instead of (or with) a lower limit: more connected proxies and config objects. */
  extraProxies: number;
  extraConfigObjects: number;
  /** How the rollout replaces the serving pod: Recreate, or RollingUpdate maxUnavailable 1 (see docs/istio.md#istiod-chart-defaults). */
  strategy: 'Recreate' | 'maxUnavailable';
}

export interface ImageCacheEvictParams {
  /** Image reference, or `previous-istiod` for the image of the revision before the current one. */
  image: string;
  nodes?: string[];
  registry: 'reachable' | 'slow' | 'unreachable';
  /** Per-pull delay while slow. */
  pullDelayMs: number;
  /** How long the registry stays slow/unreachable; absent means until revert. */
  registryOutageMs?: number;
}

export interface DenyPolicyParams {
  namespace: string;
  name: string;
  selector?: Record<string, string>;
  /** enforce = DENY; audit = AUDIT action; dry-run = DENY with istio.io/dry-run. */
  mode: 'enforce' | 'audit' | 'dry-run';
  rules: AuthorizationRule[];
}

export interface PodChurnParams {
  namespaces: string[];
  /** Pod events per second across the namespaces. */
  eventsPerSecond: number;
  /** Relative weights of the kinds of event. */
  mix: { delete: number; restart: number; scale: number };
}

export interface IstiodOutageParams {
  revision?: string;
  /** Shorten the workload certificate TTL so expiry happens within the run. */
  certTtlMs?: number;
}

export interface InplaceUpgradeParams {
  revision?: string;
  toVersion: string;
  memoryLimitBytes?: number;
  /** Restart every injected workload this long after the control plane was replaced. */
  restartWorkloadsAfterMs?: number;
}

export interface CanaryUpgradeParams {
  fromRevision?: string;
  toRevision: string;
  toVersion: string;
  memoryLimitBytes?: number;
  canaryNamespaces: string[];
  /** Promotion stages after the canary: namespaces moved at each offset (from injection). */
  stages: { afterMs: number; namespaces: string[] }[];
  tag: string;
}

export interface AccessLogFloodParams {
  namespaces: string[];
  encoding: 'TEXT' | 'JSON';
  componentLogLevel: 'error' | 'warning' | 'info' | 'debug';
}

export interface SidecarStarvationParams {
  namespaces: string[];
  cpuLimitMilli?: number;
  memoryLimitBytes?: number;
}

export interface DetectionSpec {
  /** Alert names; the first of them to fire after injection is detection. */
  expect: string[];
  /** From injection; no expected alert firing by then is a detection gap. */
  deadlineMs: number;
}

export type ResponderAnchor = 'injection' | 'detection';

export type ResponderAction =
  | { kind: 'revert-fault'; fault: string }
  | { kind: 'operation'; operation: Operation };

export interface ResponderStep {
  after: ResponderAnchor;
  delayMs: number;
  action: ResponderAction;
  /** Free text for the report: "on-call moves tag stable back". */
  note?: string;
}

export interface RecoverySpec {
  actions: ResponderStep[];
  /** From injection: stop waiting for recovery after this long. */
  deadlineMs: number;
}

export interface ObjectivesSpec {
  ttdMs?: number;
  ttrMs?: number;
  maxFailedRequests?: number;
  /** SLO success target, e.g. 0.999, with the share of the run's error budget the incident may burn. */
  slo?: { target: number; maxBudgetBurn: number };
}

export interface AbortSpec {
  /** Abort (revert at once) when the error rate stays above this for `windowMs`. */
  maxErrorRate?: number;
  windowMs: number;
  maxRunTimeMs: number;
}
