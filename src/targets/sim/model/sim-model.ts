/**
 * SimModel: a deterministic, clock-injected model of an Istio mesh on
 * Kubernetes, honest about being a model (defaults from upstream, see docs/ and
 * params.ts). It never reads the time: `advance(toMs)` moves it in fixed
 * sub-steps (100 ms). Same seed and same calls give the same state.
 *
 * Read methods for the simulator's faces (all return copies):
 * - `snapshot()`: MeshSnapshot (views.ts), as kubectl / istioctl would show the mesh.
 * - `events(sinceMs?)`: TargetEvents strictly after `sinceMs` (OOMKilled, BackOff,
 *   ErrImagePull, Pulling, Pulled, FailedCreate, Killing, Scheduled, Started); `onEvent` pushes them.
 * - `istiodMemory()`: per istiod pod heap (`go_memstats_heap_alloc_bytes`), RSS
 *   (`process_resident_memory_bytes`), working set (cAdvisor), limit, running.
 * - `pilot()`: per running-or-restarting istiod pod the `pilot_*` series: xDS connections,
 *   pushes by type, push-time / convergence / queue / debounce histograms, triggers,
 *   inbound updates, rejects, refused streams, services, virtual services, queue length.
 * - `pods()`: every pod with kube-state-metrics and cAdvisor data per container
 *   (restarts, last terminated reason and exit code, waiting reason, limits, working set, CPU).
 * - `deployments()`: spec / available / ready / updated replicas.
 * - `proxyStatusCounts()`: `istioctl proxy-status` counts per revision, by xDS type and overall.
 * - `workloadCerts()`: issue and expiry of the certificate each proxy holds.
 * - `ingressRoutes()`: the gateway's path prefixes → entry services.
 * - `symptoms()`: the first instant each kind of user-facing failure was served.
 * - `comparableState()`: the configuration, normalised, for before/after checks.
 *
 * Errors: `apply` throws an Error naming the missing object; the constructor throws
 * on an invalid inline topology (every problem listed).
 */
import type { Operation } from '../../operations.js';
import type { SymptomRecord, TargetEvent } from '../../port.js';
import type { MeshSnapshot } from '../../views.js';
import { applyOperation } from './apply-operation.js';
import { buildWorld } from './build-world.js';
import { comparableState, type ComparableState } from './comparable-state.js';
import { invertOperation } from './invert-operation.js';
import { connectSynthetic, istiodMemoryTick, stepIstiods } from './istiod.js';
import { appMemoryTick, stepKubelet } from './kubelet.js';
import { mergeParams, type ModelParams } from './params.js';
import { resourceTick } from './proxy-resources.js';
import { deliverAcks, stepProxies } from './proxies.js';
import * as read from './read-metrics.js';
import { proxyStatusCounts, workloadCerts } from './read-proxies.js';
import { stepReadiness } from './readiness.js';
import type {
  DeploymentReading,
  HopOutcome,
  IngressRouteReading,
  IstiodMemoryReading,
  PilotReading,
  PodReading,
  PodVersions,
  ContainerUsage,
  ProxyStatusCount,
  RequestOutcome,
  RequestSpec,
  WorkloadCertReading,
} from './readings.js';
import { handleRequest } from './request.js';
import { mulberry32, type Rng } from './rng.js';
import { stepControllers } from './rollout.js';
import { snapshot } from './snapshot.js';
import { defaultTopology, validateTopology } from './topology.js';
import type { TopologySpec } from './topology-spec.js';
import { newWorld, RESOURCE_SLICES, type World } from './world.js';

export type { ComparableState } from './comparable-state.js';
export type { TopologySpec } from './topology-spec.js';
export type { ModelParams } from './params.js';
export { defaultTopology, validateTopology } from './topology.js';

export interface SimModelOptions {
  /** Model time at which the mesh is up and steady (epoch ms). */
  now: number;
  seed: number;
  /** `default` (or absent) for defaultTopology(), or an inline spec (validated). */
  topology?: TopologySpec | 'default' | Record<string, unknown>;
  /** Model seconds per wall second, kept for the faces; the model itself only moves on `advance`. */
  timeScale?: number;
  params?: Partial<ModelParams>;
  /**
   * The mesh is built this long before `now` and run up to it, so it starts steady
   * (pods ready, proxies synced). Events of the warm-up are dropped. Default 300 s.
   */
  warmupMs?: number;
}

const SYMPTOM_CAP = 1_000;

export class SimModel {
  readonly timeScale: number;
  readonly params: ModelParams;
  private readonly w: World;
  private readonly requestRng: Rng;
  /**
   * Model time since each resource slice was last updated (proxy-resources.ts), staggered a step
   * apart; and since app containers' memory was.
   */
  private readonly sinceResourceTick = Array.from({ length: RESOURCE_SLICES }, (_, k) => (k * 1_000) / RESOURCE_SLICES);
  private sinceAppMemoryTick = 0;
  /** The kind of the last failure recorded as a symptom (recordSymptom). */
  private lastSymptom: { status: number; namespace?: string; workload?: string; flags?: string } | null = null;

  constructor(opts: SimModelOptions) {
    this.timeScale = opts.timeScale ?? 1;
    this.params = mergeParams(opts.params);
    const warmup = opts.warmupMs ?? 300_000;
    this.w = newWorld(this.params, opts.now - warmup, opts.seed, mulberry32(opts.seed));
    this.requestRng = mulberry32((opts.seed ^ 0x9e3779b9) >>> 0);
    if (typeof opts.topology === 'string' && opts.topology !== 'default')
      throw new Error(`unknown simulator topology "${String(opts.topology)}" (known: default, or an inline topology)`);
    const spec = opts.topology === undefined || opts.topology === 'default' ? defaultTopology() : validateTopology(opts.topology);
    buildWorld(this.w, spec);
    this.advance(opts.now);
    this.w.events.clear();
    this.w.symptoms.clear();
    this.lastSymptom = null;
  }

  /** The model's current time. */
  now(): number {
    return this.w.now;
  }

  /** Moves the model to `toMs` in fixed sub-steps; going back is an error. */
  advance(toMs: number): void {
    if (toMs < this.w.now) throw new Error(`the model cannot go back from ${this.w.now} to ${toMs}`);
    while (this.w.now < toMs) this.step(Math.min(this.w.now + this.params.stepMs, toMs));
  }

  private step(to: number): void {
    const w = this.w;
    const dt = to - w.now;
    w.now = to;
    stepKubelet(w);
    deliverAcks(w);
    stepIstiods(w, dt);
    stepProxies(w, dt);
    connectSynthetic(w);
    stepReadiness(w);
    stepControllers(w);
    istiodMemoryTick(w);
    for (let k = 0; k < RESOURCE_SLICES; k++) {
      this.sinceResourceTick[k]! += dt;
      if (this.sinceResourceTick[k]! < 1_000) continue;
      resourceTick(w, this.sinceResourceTick[k]!, k);
      this.sinceResourceTick[k] = 0;
    }
    this.sinceAppMemoryTick += dt;
    if (this.sinceAppMemoryTick >= 1_000) {
      appMemoryTick(w);
      this.sinceAppMemoryTick = 0;
    }
  }

  /** Performs `op` now (its effects unfold as the model advances). */
  apply(op: Operation): { summary: string } {
    return { summary: applyOperation(this.w, op) };
  }

  /** The operation that would undo `op` in the current state, or null; reads only. */
  inverse(op: Operation): Operation | null {
    return invertOperation(this.w, op);
  }

  snapshot(): MeshSnapshot {
    return snapshot(this.w);
  }

  /** Events strictly after `sinceMs` (all kept events when absent; the oldest are dropped past 20,000). */
  events(sinceMs?: number): TargetEvent[] {
    const all = this.w.events.recent();
    return (sinceMs === undefined ? all : all.filter((e) => e.at > sinceMs)).map((e) => ({ ...e }));
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.w.listeners.add(listener);
    return () => this.w.listeners.delete(listener);
  }

  /** Walks one request through the call graph at the model's current state. */
  handleRequest(req: RequestSpec): RequestOutcome {
    const out = handleRequest(this.w, this.requestRng, req);
    if (out.status >= 400) this.recordSymptom(out);
    return out;
  }

  private recordSymptom(out: RequestOutcome): void {
    // The deepest hop that answered with the final status by a local reply or a denial.
    let failing: HopOutcome | undefined;
    for (let i = out.hops.length - 1; i >= 0 && failing === undefined; i--) {
      const h = out.hops[i]!;
      if (h.responseCode === out.status && (h.responseFlags !== '-' || h.responseCode === 403)) failing = h;
    }
    // The same kind of failure as the last one (most failures, as a fault goes on) is in the map already,
    // or the map was full, and it only grows: no description to build and look up.
    const last = this.lastSymptom;
    if (
      last !== null &&
      last.status === out.status &&
      last.namespace === failing?.destinationNamespace &&
      last.workload === failing?.destinationWorkload &&
      last.flags === failing?.responseFlags
    )
      return;
    const where = failing ? `${failing.destinationNamespace}/${failing.destinationWorkload} ${failing.responseFlags}` : 'ingress';
    const what = `${out.status} ${where}`;
    if (!this.w.symptoms.has(what) && this.w.symptoms.size < SYMPTOM_CAP) this.w.symptoms.set(what, { at: out.at, what });
    this.lastSymptom = {
      status: out.status,
      namespace: failing?.destinationNamespace,
      workload: failing?.destinationWorkload,
      flags: failing?.responseFlags,
    };
  }

  /** First instant each kind of failure reached a user, in order. */
  symptoms(): SymptomRecord[] {
    return [...this.w.symptoms.values()].sort((a, b) => a.at - b.at).map((s) => ({ ...s }));
  }

  comparableState(): ComparableState {
    return comparableState(this.w);
  }

  istiodMemory(): IstiodMemoryReading[] {
    return read.istiodMemory(this.w);
  }

  pilot(): PilotReading[] {
    return read.pilot(this.w);
  }

  /** Every pod, or only those of `role`. */
  pods(role?: PodReading['role']): PodReading[] {
    return read.pods(this.w, role);
  }

  /** Each pod's status version, to read only the pods whose status changed (`podsByKey`). */
  podVersions(): PodVersions {
    return read.podVersions(this.w);
  }

  /** The pods of the given keys (`namespace/name`), in that order; gone pods are left out. */
  podsByKey(keys: readonly string[]): PodReading[] {
    return read.podsByKey(this.w, keys);
  }

  /** Resource use of every running container, without the rest of its pod's reading. */
  containerUsage(): ContainerUsage {
    return read.containerUsage(this.w);
  }

  deployments(): DeploymentReading[] {
    return read.deployments(this.w);
  }

  proxyStatusCounts(): ProxyStatusCount[] {
    return proxyStatusCounts(this.w);
  }

  workloadCerts(): WorkloadCertReading[] {
    return workloadCerts(this.w);
  }

  ingressRoutes(): IngressRouteReading[] {
    return this.w.routes.map((r) => ({ ...r }));
  }
}
