/**
 * SimTarget: the Target port on the embedded mesh model. `up` starts three
 * loopback listeners — the data plane (the load engine's ingress), the metrics listener
 * (Prometheus HTTP SD and every scrape target) and the control API — and a
 * driver that advances the model with the clock × timeScale.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { errorText, TargetError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import { operationObject } from '../operation-object.js';
import type { Confirmation, Operation } from '../operations.js';
import type { OutsideChange, SymptomRecord, Target, TargetEndpoints, TargetEvent } from '../port.js';
import type { MeshSnapshot } from '../views.js';
import { ControlApi, type ControlBackend } from './control-api.js';
import { DataPlane } from './data-plane.js';
import { EventLog } from './event-log.js';
import type { MeshModel } from './mesh-model.js';
import { MeshMetrics } from './metrics/mesh-metrics.js';
import { MetricsServer } from './metrics-server.js';
import { perPodSlowJobs } from './metrics/scrape-jobs.js';
import type { ModelParams } from './model/params.js';
import type { ProxyStatusCount } from './model/readings.js';
import { SimModel, type ComparableState } from './model/sim-model.js';
import type { TopologySpec } from './model/topology-spec.js';
import { validateTopology } from './model/topology.js';
import { ModelDriver, type TickStats } from './model-driver.js';
import { ModelTime } from './model-time.js';
import { RequestMetrics } from './request-metrics.js';
import { SymptomTracker } from './symptom-tracker.js';

export interface SimTargetOptions {
  clock: Clock;
  /** Model seconds per clock second. Default 1. */
  timeScale?: number;
  /** Seeds the model's randomness (endpoint picks, jitter). Default 1. */
  seed?: number;
  topology?: TopologySpec | 'default';
  params?: Partial<ModelParams>;
  /** Clock ms between model advances. Default 50. */
  tickMs?: number;
  /** Fixed ports (default: free ports chosen by the kernel). */
  ports?: { ingress?: number; metrics?: number; control?: number };
  /** Replies whose modelled latency is above this (ms) are really delayed by it. Default 5. */
  delayThresholdMs?: number;
  log?: Logger;
  /** Builds the model (tests pass a small fake); default: SimModel from the options above. */
  createModel?: (now: number) => MeshModel;
}

export interface SimEndpoints extends TargetEndpoints {
  /** Control API base URL. */
  control: string;
  /** Metrics listener base URL (SD at `/sd`). */
  metrics: string;
}

interface Running {
  model: MeshModel;
  time: ModelTime;
  driver: ModelDriver;
  dataPlane: DataPlane;
  metricsServer: MetricsServer;
  control: ControlApi;
  unsubscribe: () => void;
  endpoints: SimEndpoints;
}

export class SimTarget implements Target, ControlBackend {
  readonly kind = 'sim' as const;
  private running: Running | null = null;
  private starting: Promise<SimEndpoints> | null = null;
  private readonly listeners = new Set<(e: TargetEvent) => void>();
  private readonly changeListeners = new Set<(c: OutsideChange) => void>();
  private readonly eventLog = new EventLog();
  private readonly requests = new RequestMetrics();
  private readonly symptomTracker: SymptomTracker;
  private readonly log: Logger;

  constructor(private readonly opts: SimTargetOptions) {
    // A bad inline topology is bad input: say so now, before anything listens.
    if (opts.topology && opts.topology !== 'default' && !opts.createModel) validateTopology(opts.topology);
    if (opts.timeScale !== undefined && !(opts.timeScale > 0)) throw new Error(`time scale must be positive, got ${opts.timeScale}`);
    this.symptomTracker = new SymptomTracker(opts.clock);
    this.log = opts.log ?? silentLogger();
  }

  up(): Promise<SimEndpoints> {
    if (this.running) return Promise.resolve(this.running.endpoints);
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private async start(): Promise<SimEndpoints> {
    const { clock } = this.opts;
    const timeScale = this.opts.timeScale ?? 1;
    const now = clock.now();
    const model =
      this.opts.createModel?.(now) ??
      new SimModel({
        now,
        seed: this.opts.seed ?? 1,
        topology: this.opts.topology ?? 'default',
        timeScale,
        ...(this.opts.params ? { params: this.opts.params } : {}),
      });
    const time = new ModelTime(now, model.now(), timeScale);
    const driver = new ModelDriver(model, time, clock, this.opts.tickMs ?? 50, (e) =>
      this.log.error({ event: 'sim.tick-failed', err: e }, 'model tick failed'),
    );
    const gatewayNamespace = model.pods().find((p) => p.role === 'gateway')?.namespace ?? 'istio-system';
    const dataPlane = new DataPlane({
      model,
      metrics: this.requests,
      symptoms: this.symptomTracker,
      gatewayNamespace,
      delayThresholdMs: this.opts.delayThresholdMs,
    });
    const metricsServer = new MetricsServer(new MeshMetrics(model, time, this.requests));
    const control = new ControlApi(this);
    const unsubscribe = model.onEvent((e) => this.forward({ ...e, at: time.toWall(e.at) }));
    const closeAll = async (): Promise<void> => {
      unsubscribe();
      await Promise.allSettled([dataPlane.close(), metricsServer.close(), control.close()]);
    };
    try {
      const ports = this.opts.ports ?? {};
      const [ingressUrl, metrics, controlUrl] = await Promise.all([
        dataPlane.listen(ports.ingress),
        metricsServer.listen(ports.metrics),
        control.listen(ports.control),
      ]);
      const slowJobs = perPodSlowJobs(metrics, model.pods().length);
      const endpoints: SimEndpoints = {
        ingressUrl,
        scrape: slowJobs.length > 0 ? { kind: 'http-sd', url: `${metrics}/sd`, slowJobs } : { kind: 'http-sd', url: `${metrics}/sd` },
        timeScale,
        control: controlUrl,
        metrics,
      };
      this.running = { model, time, driver, dataPlane, metricsServer, control, unsubscribe, endpoints };
      driver.start();
      this.log.info(
        { event: 'sim.up', ingress: ingressUrl, sd: `${metrics}/sd`, control: controlUrl },
        `simulator up: ingress ${ingressUrl}, control ${controlUrl}`,
      );
      return endpoints;
    } catch (e) {
      await closeAll();
      throw new TargetError(`simulator could not start: ${errorText(e)}`, undefined, e);
    }
  }

  async down(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const r = this.running;
    this.running = null;
    if (!r) return;
    await r.driver.stop();
    r.unsubscribe();
    await Promise.allSettled([r.dataPlane.close(), r.metricsServer.close(), r.control.close()]);
    this.log.info({ event: 'sim.down' }, 'simulator down');
  }

  async inverse(op: Operation): Promise<Operation | null> {
    const r = this.need('inverse');
    r.driver.catchUp();
    return r.model.inverse(op);
  }

  async apply(op: Operation): Promise<Confirmation> {
    const r = this.need(op.op);
    r.driver.catchUp();
    let summary: string;
    try {
      summary = r.model.apply(op).summary;
    } catch (e) {
      if (e instanceof TargetError) throw e;
      throw new TargetError(errorText(e), op.op, e);
    }
    return { at: this.opts.clock.now(), summary };
  }

  /**
   * The control API's `POST /operations` (`gameday sim apply`): the run applies through `apply` in
   * process, so whatever arrives here is someone else's change, and is reported as one.
   */
  async applyFromControl(op: Operation): Promise<Confirmation> {
    const c = await this.apply(op);
    const change: OutsideChange = { at: c.at, object: operationObject(op), summary: c.summary, via: 'gameday sim apply' };
    for (const l of this.changeListeners) {
      try {
        l(change);
      } catch (err) {
        this.log.warn({ event: 'sim.listener-failed', err }, 'change listener threw');
      }
    }
    return c;
  }

  onOutsideChange(listener: (c: OutsideChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  async snapshot(): Promise<MeshSnapshot> {
    const r = this.need('snapshot');
    r.driver.catchUp();
    return r.model.snapshot();
  }

  onEvent(listener: (e: TargetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  symptoms(): SymptomRecord[] {
    return this.symptomTracker.all();
  }

  events(sinceMs?: number): TargetEvent[] {
    return this.eventLog.since(sinceMs);
  }

  endpoints(): SimEndpoints | null {
    return this.running?.endpoints ?? null;
  }

  /** The configuration in comparable form (null for a model that cannot say), for before/after checks. */
  state(): ComparableState | null {
    const r = this.need('state');
    r.driver.catchUp();
    return r.model.comparableState?.() ?? null;
  }

  /** The request telemetry recorded so far (tests and the bench read it). */
  requestMetrics(): RequestMetrics {
    return this.requests;
  }

  /** `istioctl proxy-status` counts per revision, read from the model now (the benches' ground truth of ProxiesStale); null while down. */
  proxyStatusCounts(): ProxyStatusCount[] | null {
    const r = this.running;
    if (!r) return null;
    r.driver.catchUp();
    return r.model.proxyStatusCounts();
  }

  tickStats(): TickStats | null {
    return this.running?.driver.tickStats() ?? null;
  }

  private forward(e: TargetEvent): void {
    this.eventLog.add(e);
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.log.warn({ event: 'sim.listener-failed', err }, 'event listener threw');
      }
    }
  }

  private need(what: string): Running {
    if (!this.running) throw new TargetError(`simulator is not up (call up() before ${what})`, what);
    return this.running;
  }
}

