/**
 * The World: every map of the model's state plus the few shared services the
 * mechanisms need (time, randomness, events, ids). Mechanism files are
 * functions over a World; SimModel owns one.
 */
import type { AuthorizationPolicySpec } from '../../operations.js';
import type { SymptomRecord, TargetEvent } from '../../port.js';
import type { ModelParams } from './params.js';
import type { Rng } from './rng.js';
import type {
  ContainerRuntime,
  DeploymentState,
  IstiodState,
  NamespaceState,
  NodeState,
  PodKey,
  PodState,
  ProxyState,
  PushContext,
  RegistryState,
  ReplicaSetState,
  RevisionState,
  ServiceKey,
} from './state.js';
import { BoundedLog } from './bounded-log.js';
import { PodWatch } from './pod-watch.js';
import { TimerHeap } from './timer-heap.js';
import type { IngressRouteSpec } from './topology-spec.js';

/** A Service selecting one Deployment's pods; `ready` holds its ready, non-terminating pods. */
export interface ServiceState {
  key: ServiceKey;
  namespace: string;
  name: string;
  deployment: string;
  ready: Set<PodKey>;
}

/** A proxy's ack of one push, due after istiod wrote it and Envoy applied it. */
export interface PendingAck {
  proxy: PodKey;
  stream: number;
  nonce: number;
  types: readonly ('CDS' | 'EDS' | 'LDS' | 'RDS')[];
  ctx: PushContext;
}

/**
 * Sidecars' CPU and memory (proxy-resources.ts) are recomputed once a second in this many slices (by creation
 * order), each a step apart, so a step of a mesh of thousands of proxies
 * recomputes a tenth of them rather than one step in ten recomputing all:
 * as the kubelet's per-container housekeeping has each container on its own
 * timer rather than all of them at one instant.
 */
export const RESOURCE_SLICES = 10;

/** Max events `events()` gives; older ones are dropped so long runs stay small. */
const EVENT_CAP = 20_000;

export interface World {
  params: ModelParams;
  /** The model's seed: also salts generated names, so another seed gives other pod names. */
  seed: number;
  now: number;
  rng: Rng;
  namespaces: Map<string, NamespaceState>;
  deployments: Map<string, DeploymentState>;
  replicaSets: Map<string, ReplicaSetState>;
  pods: Map<PodKey, PodState>;
  proxies: Map<PodKey, ProxyState>;
  istiods: Map<PodKey, IstiodState>;
  revisions: Map<string, RevisionState>;
  tags: Map<string, string>;
  policies: Map<string, AuthorizationPolicySpec>;
  nodes: Map<string, NodeState>;
  services: Map<ServiceKey, ServiceState>;
  registry: RegistryState;
  certTtlMs: number;
  routes: IngressRouteSpec[];
  synthetic: { proxies: number; configObjects: number };
  /** Generated ServiceEntries (`set-config-load`) per namespace; namespaces with none are absent. */
  configLoad: Map<string, number>;

  /** Services whose endpoints changed, and whether config changed, since the last push context was built. */
  changedServices: Set<ServiceKey>;
  configChanged: boolean;
  lastContext: PushContext | null;
  contextSeq: number;

  acks: TimerHeap<PendingAck>;
  /** Deployments whose controller must reconcile this step. */
  dirty: Set<string>;
  /**
   * Pods whose readiness may change: something a probe checks changed (a
   * container started or died, a proxy's config, istiod's caches), or all it
   * checks holds and the probe tick is still to come. Any other pod keeps its
   * readiness until one of those changes, so the probe step visits only these.
   */
  readinessWatch: PodWatch;
  /**
   * Pods the kubelet step must visit: a container not running (starting,
   * pulling, backing off), a pod on its way out, or a running container whose
   * working set went over its limit. A pod whose containers all run within
   * their limits has nothing for the kubelet to do, so a step visits only these.
   */
  kubeletWatch: PodWatch;
  /**
   * When each proxy next has something to do (connect, reconnect at maximum
   * connection age, rotate its certificate): proxies.ts `scheduleProxy`. Entries
   * are not removed when a time changes; a proxy visited early does nothing.
   */
  proxyWake: TimerHeap<ProxyState>;
  /** Pods whose app container started since the last memory tick (kubelet.ts appMemoryTick). */
  appStarted: Set<PodState>;
  /** The proxies of each resource slice (proxy-resources.ts), so a step visits only its slice's. */
  resourceSlices: Set<ProxyState>[];
  /** Each Deployment's ReplicaSets (by Deployment key), so its controller need not walk every ReplicaSet. */
  replicaSetsByDeployment: Map<string, Set<ReplicaSetState>>;
  /** The pods of each namespace, so an operation on one namespace need not walk the mesh. */
  podsByNamespace: Map<string, Set<PodState>>;
  /** The ingress gateway's pods in the pods map's order, so a request need not walk the mesh to find one. */
  gatewayPods: Set<PodState>;
  /** Last PodState.statusVersion handed out. */
  statusSeq: number;
  nonceSeq: number;
  streamSeq: number;
  podSeq: number;

  events: BoundedLog<TargetEvent>;
  listeners: Set<(e: TargetEvent) => void>;
  symptoms: Map<string, SymptomRecord>;
}

/**
 * Something a readiness probe checks changed on this pod (see `readinessWatch`);
 * every such change is one of its status too.
 */
export function watchReadiness(w: World, pod: PodState | undefined): void {
  if (!pod) return;
  w.readinessWatch.add(pod);
  touchPod(w, pod);
}

/** Sets a container's working set; over its memory limit, the kubelet's next step kills it (kubeletWatch). */
export function setWorkingSet(w: World, pod: PodState, c: ContainerRuntime, bytes: number): void {
  c.workingSetBytes = bytes;
  const limit = c.spec.memoryLimitBytes;
  if (limit !== null && bytes > limit) w.kubeletWatch.add(pod);
}

/** The pod's status as kube-state-metrics shows it (phase, readiness, containers' states) changed: see PodState.statusVersion. */
export function touchPod(w: World, pod: PodState): void {
  pod.statusVersion = ++w.statusSeq;
}

export function emit(w: World, reason: string, object: string, message: string): void {
  const e: TargetEvent = { at: w.now, reason, object, message };
  w.events.push(e);
  for (const l of w.listeners) l(e);
}

export function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function splitKey(k: string): { namespace: string; name: string } {
  const i = k.indexOf('/');
  return { namespace: k.slice(0, i), name: k.slice(i + 1) };
}

export function newWorld(params: ModelParams, now: number, seed: number, rng: Rng): World {
  return {
    params,
    seed,
    now,
    rng,
    namespaces: new Map(),
    deployments: new Map(),
    replicaSets: new Map(),
    pods: new Map(),
    proxies: new Map(),
    istiods: new Map(),
    revisions: new Map(),
    tags: new Map(),
    policies: new Map(),
    nodes: new Map(),
    services: new Map(),
    registry: { reachable: true, pullDelayMs: 0 },
    certTtlMs: params.certTtlMs,
    routes: [],
    synthetic: { proxies: 0, configObjects: 0 },
    configLoad: new Map(),
    changedServices: new Set(),
    configChanged: true,
    lastContext: null,
    contextSeq: 0,
    acks: new TimerHeap(),
    dirty: new Set(),
    nonceSeq: 0,
    streamSeq: 0,
    podSeq: 0,
    readinessWatch: new PodWatch(),
    kubeletWatch: new PodWatch(),
    proxyWake: new TimerHeap(),
    statusSeq: 0,
    appStarted: new Set(),
    resourceSlices: Array.from({ length: RESOURCE_SLICES }, () => new Set<ProxyState>()),
    podsByNamespace: new Map(),
    gatewayPods: new Set(),
    replicaSetsByDeployment: new Map(),
    events: new BoundedLog(EVENT_CAP),
    listeners: new Set(),
    symptoms: new Map(),
  };
}
