/**
 * The observation stack the harness runs itself: Alertmanager and the
 * webhook for the whole session, one Prometheus per attached target (fresh
 * TSDB in that run's directory), the AlertWatcher, and k6 per load. Used
 * for the simulator, and for clusters whose metrics are reachable from here.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { LoadSpec } from '../scenario/types.js';
import type { TargetEndpoints } from '../targets/port.js';
import { Alertmanager } from './alertmanager.js';
import { AlertWatcher } from './alert-watcher.js';
import { K6Run } from './k6.js';
import type { Emit, LoadHandle, Observers } from './observers.js';
import { Prometheus } from './prometheus.js';
import { projectRoot } from '../project-root.js';
import { alertNamesIn } from './rule-files.js';
import type { FindOptions } from './tools.js';
import { WebhookReceiver } from './webhook.js';

export interface LocalObserversOptions {
  clock: Clock;
  log: Logger;
  /** Alert rule files; default the baseline pack. */
  ruleFiles?: string[];
  /** Default 1 s (the simulator profile). */
  scrapeIntervalMs?: number;
  evaluationIntervalMs?: number;
  pollIntervalMs?: number;
  tools?: FindOptions;
}

export function baselineRuleFiles(): string[] {
  return [join(projectRoot(), 'rules', 'istio-baseline.rules.yaml')];
}

export class LocalObservers implements Observers {
  private webhook: WebhookReceiver | undefined;
  private alertmanager: Alertmanager | undefined;
  private prometheus: Prometheus | undefined;
  private watcher: AlertWatcher | undefined;
  private readonly loads = new Set<K6Run>();
  private readonly ruleFiles: string[];
  private readonly names: string[];
  private k6Version: string | null = null;

  constructor(private readonly opts: LocalObserversOptions) {
    this.ruleFiles = opts.ruleFiles ?? baselineRuleFiles();
    this.names = alertNamesIn(this.ruleFiles);
  }

  async attach(endpoints: TargetEndpoints, emit: Emit, runDir: string): Promise<void> {
    await this.detach();
    await this.prometheus?.stop();
    this.prometheus = undefined;
    const { clock, log } = this.opts;
    this.webhook ??= await WebhookReceiver.start(clock);
    this.alertmanager ??= await Alertmanager.start({ runDir, webhookUrl: this.webhook.url, tools: this.opts.tools });
    this.prometheus = await Prometheus.start({
      runDir,
      scrape: endpoints.scrape,
      ruleFiles: this.ruleFiles,
      alertmanager: this.alertmanager.address,
      scrapeIntervalMs: this.opts.scrapeIntervalMs,
      evaluationIntervalMs: this.opts.evaluationIntervalMs,
      tools: this.opts.tools,
    });
    log.info({ event: 'observe.up', prometheus: this.prometheus.url, alertmanager: this.alertmanager.url }, 'Prometheus and Alertmanager ready');
    this.watcher = new AlertWatcher({
      prometheus: this.prometheus,
      clock,
      emit,
      webhook: this.webhook,
      pollIntervalMs: this.opts.pollIntervalMs,
      log,
    });
    this.watcher.start();
    await this.watcher.poll();
  }

  async startLoad(endpoints: TargetEndpoints, load: LoadSpec, emit: Emit, runDir: string): Promise<LoadHandle> {
    const run = await K6Run.start({
      script: load.script,
      baseUrl: endpoints.ingressUrl,
      rate: load.rate,
      vus: load.vus,
      durationMs: load.durationMs,
      path: load.path,
      env: load.env,
      runDir,
      clock: this.opts.clock,
      emit,
      tools: this.opts.tools,
      log: this.opts.log,
    });
    this.k6Version = run.version;
    this.loads.add(run);
    void run.exited.then(() => this.loads.delete(run));
    return { exited: run.exited, stop: () => run.stop() };
  }

  async detach(): Promise<void> {
    await this.watcher?.stop();
    this.watcher = undefined;
  }

  async close(): Promise<void> {
    await this.detach();
    await Promise.all([...this.loads].map((l) => l.stop()));
    await this.prometheus?.stop();
    await this.alertmanager?.stop();
    await this.webhook?.stop();
    this.prometheus = this.alertmanager = this.webhook = undefined;
  }

  alertNames(): string[] {
    return [...this.names];
  }

  versions(): Record<string, string> {
    const v: Record<string, string> = {};
    if (this.prometheus?.version) v.prometheus = this.prometheus.version;
    if (this.alertmanager?.version) v.alertmanager = this.alertmanager.version;
    if (this.k6Version) v.k6 = this.k6Version;
    return v;
  }
}

/** Alert names defined in rule files (read before Prometheus loads them, so steady state knows them early). */
