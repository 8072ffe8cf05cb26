/**
 * The observation stack the harness runs itself: one Prometheus, one
 * Alertmanager and the webhook for the life of the instance (a `gameday
 * run`, or one worker of a suite), an AlertWatcher per attached target, and
 * a load engine run (vegeta, or the user's k6) per load. Used for the simulator, and for clusters whose metrics are
 * reachable from here.
 *
 * The first attach starts the processes; a later one rewrites Prometheus'
 * scrape source and reloads it (see `Prometheus.reconfigure`), then waits
 * until the new targets have been scraped, so steady state is judged on
 * this target's samples. The previous target's series are not deleted:
 * once its targets leave discovery Prometheus ends them with staleness
 * markers (a couple of scrape intervals later), and rule state survives the
 * reload. So an alert that was still firing for the previous target is, for
 * the new run, an alert already firing when its watcher first reads
 * Prometheus: it is recorded as firing from its own firing instant, the
 * steady-state phase waits until it resolves, and were it still firing at
 * injection the measurement would report it as "firing before injection",
 * never as detection. Windowed rules (`rate(...[5m])`) may likewise see the
 * previous target's last samples for one window; the same gate covers them.
 *
 * Files: `<dir>/prometheus/` and `<dir>/alertmanager/`, where `dir` is the
 * `dir` option (a suite's `observers-<n>/`) or else the first attach's run
 * directory; each run directory gets `observers.json` saying where they are.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { LoadSpec } from '../scenario/types.js';
import type { ScrapeSource, TargetEndpoints } from '../targets/port.js';
import { Alertmanager } from './alertmanager.js';
import { AlertWatcher } from './alert-watcher.js';
import type { Emit, LoadHandle, Observers } from './observers.js';
import { Prometheus } from './prometheus.js';
import { describeExit } from '../process/owned-process.js';
import { projectRoot } from '../project-root.js';
import { alertNamesIn } from './rule-files.js';
import type { FindOptions } from './tools.js';
import { WebhookReceiver } from './webhook.js';
import { startLoadRun, type LoadRun } from './load/load-engine.js';
import { ClusterObserver } from './cluster-observer.js';
import { watchCluster } from './cluster-view.js';

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
  /** Where Prometheus' and Alertmanager's config, data and logs go; default the first attach's run directory. */
  dir?: string;
  /** How long an attach waits for the target to be scraped; default 30 s plus three scrape intervals. */
  scrapeReadyTimeoutMs?: number;
  /** How often a Prometheus that dies is started again (same port and data), in the life of these observers; default 3. */
  prometheusRestarts?: number;
  /** Pause before the first restart, doubled for each next one; default 1 s. */
  prometheusRestartBackoffMs?: number;
}

/** Written to every run directory, so it says which processes observed it and where their files are. */
export const OBSERVERS_MANIFEST = 'observers.json';

export interface ObserversManifest {
  /** 1 for the attach that started the processes; later attaches reused them. */
  attach: number;
  /** What this attach did to Prometheus: started it, reloaded it with this run's source, or found it scraping that source already. */
  prometheusAction: 'started' | 'reloaded' | 'unchanged';
  /** Where the shared files live (`prometheus/`, `alertmanager/` under it). */
  dir: string;
  prometheus: ProcessManifest & { scrape: ScrapeSource };
  alertmanager: ProcessManifest;
  webhook: string;
}

export interface ProcessManifest {
  url: string;
  pid: number | null;
  version: string | null;
  configFile: string;
  dataDir: string;
  logFile: string;
}

export function baselineRuleFiles(): string[] {
  return [join(projectRoot(), 'rules', 'istio-baseline.rules.yaml')];
}

export class LocalObservers implements Observers {
  private webhook: WebhookReceiver | undefined;
  private alertmanager: Alertmanager | undefined;
  private prometheus: Prometheus | undefined;
  private watcher: AlertWatcher | undefined;
  private readonly loads = new Set<LoadRun>();
  private readonly ruleFiles: string[];
  private readonly names: string[];
  private readonly engineVersions: Record<string, string> = {};
  /** Fixed at the first start, so every later run's manifest points at the same files. */
  private dir: string | undefined;
  private attaches = 0;
  /** Discovery and proxy status of the cluster attached last, when it is one. */
  private cluster: { observer: ClusterObserver; key: string } | undefined;
  /** Where the attached run's events go (a restart of Prometheus is one). */
  private emit: Emit | undefined;

  constructor(private readonly opts: LocalObserversOptions) {
    this.ruleFiles = opts.ruleFiles ?? baselineRuleFiles();
    this.names = alertNamesIn(this.ruleFiles);
  }

  async attach(endpoints: TargetEndpoints, emit: Emit, runDir: string, signal?: AbortSignal): Promise<void> {
    await this.detach();
    const { clock, log } = this.opts;
    // Prometheus stamps scrapes with the machine's wall clock, whatever clock the run is given.
    const since = Date.now();
    const action = await this.pointAt(endpoints.scrape, runDir, signal);
    const prometheus = this.prometheus!;
    const alertmanager = this.alertmanager!;
    await prometheus.awaitScraped(since, this.opts.scrapeReadyTimeoutMs ?? 30_000 + 3 * (this.opts.scrapeIntervalMs ?? 1000), signal);
    this.attaches++;
    this.emit = emit;
    this.writeManifest(runDir, action);
    log.info(
      {
        event: 'observe.up',
        prometheus: prometheus.url,
        alertmanager: alertmanager.url,
        action,
        attach: this.attaches,
        readyMs: Date.now() - since,
      },
      action === 'started' ? 'Prometheus and Alertmanager ready' : 'Prometheus and Alertmanager reused; the new target is scraped',
    );
    this.watcher = new AlertWatcher({
      prometheus,
      clock,
      emit,
      webhook: this.webhook,
      pollIntervalMs: this.opts.pollIntervalMs,
      log,
    });
    this.watcher.start();
    await this.watcher.poll();
  }

  /** Starts the processes on the first attach (or after one died); otherwise points Prometheus at the new source. */
  private async pointAt(scrape: ScrapeSource, runDir: string, signal?: AbortSignal): Promise<ObserversManifest['prometheusAction']> {
    const { clock, log } = this.opts;
    if ((this.prometheus && !this.prometheus.running) || (this.alertmanager && !this.alertmanager.running)) {
      // Alertmanager's address is in Prometheus' config, so one coming back on a new port means both start again.
      log.warn({ event: 'observe.restart' }, 'a shared Prometheus or Alertmanager exited; starting both again');
      await this.prometheus?.stop();
      await this.alertmanager?.stop();
      this.prometheus = this.alertmanager = undefined;
    }
    const dir = (this.dir ??= this.opts.dir ?? runDir);
    const observer = await this.observeCluster(scrape);
    this.webhook ??= await WebhookReceiver.start(clock);
    this.alertmanager ??= await Alertmanager.start({ runDir: dir, webhookUrl: this.webhook.url, tools: this.opts.tools, signal });
    if (this.prometheus) return (await this.prometheus.reconfigure(scrape, observer)) ? 'reloaded' : 'unchanged';
    this.prometheus = await Prometheus.start({
      runDir: dir,
      scrape,
      ruleFiles: this.ruleFiles,
      alertmanager: this.alertmanager.address,
      scrapeIntervalMs: this.opts.scrapeIntervalMs,
      evaluationIntervalMs: this.opts.evaluationIntervalMs,
      tools: this.opts.tools,
      observer,
      signal,
    });
    this.supervisePrometheusOf(this.prometheus);
    return 'started';
  }

  /**
   * The Prometheus these observers started is theirs to restart when it dies mid-run: same port and
   * data, a backoff, a bounded number of times. Detection is "unavailable" meanwhile (the watcher's
   * span) and resumes once it answers; each restart is on the timeline, so the result reports it.
   */
  private supervisePrometheusOf(prometheus: Prometheus): void {
    const { clock, log } = this.opts;
    prometheus.supervise({
      maxRestarts: this.opts.prometheusRestarts ?? 3,
      backoffMs: this.opts.prometheusRestartBackoffMs ?? 1000,
      onDeath: (exit) =>
        log.warn(
          { event: 'observe.prometheus-died', exit: describeExit(exit) },
          `Prometheus exited mid-run (${describeExit(exit)}); restarting it`,
        ),
      onRestart: (r) => {
        log[r.ok ? 'info' : 'warn'](
          { event: 'observe.prometheus-restart', attempt: r.attempt, ok: r.ok, error: r.error },
          r.ok ? `Prometheus restarted on ${prometheus.url} (attempt ${r.attempt})` : `Prometheus restart ${r.attempt} failed: ${r.error}`,
        );
        this.emit?.({
          kind: 'observer.restart',
          at: clock.now(),
          component: 'prometheus',
          attempt: r.attempt,
          ok: r.ok,
          ...(r.error === undefined ? {} : { error: r.error }),
        });
        // The watcher reads it again now rather than at its next poll.
        if (r.ok) void this.watcher?.poll();
      },
    });
  }

  /** Starts (or keeps) the cluster observer a `kubernetes` source needs; stops one no longer needed. */
  private async observeCluster(scrape: ScrapeSource): Promise<string | undefined> {
    const key = scrape.kind === 'kubernetes' ? `${scrape.kubeconfigPath}\0${scrape.context}` : undefined;
    if (this.cluster && this.cluster.key !== key) {
      await this.cluster.observer.stop();
      this.cluster = undefined;
    }
    if (scrape.kind === 'kubernetes' && !this.cluster) {
      this.cluster = { observer: await ClusterObserver.start(await watchCluster(scrape), this.opts.log), key: key! };
    }
    return this.cluster?.observer.url;
  }

  private writeManifest(runDir: string, action: ObserversManifest['prometheusAction']): void {
    const prom = this.prometheus!;
    const am = this.alertmanager!;
    const manifest: ObserversManifest = {
      attach: this.attaches,
      prometheusAction: action,
      dir: this.dir!,
      prometheus: {
        url: prom.url,
        pid: prom.pid ?? null,
        version: prom.version,
        configFile: prom.configFile,
        dataDir: prom.dataDir,
        logFile: prom.logFile,
        scrape: prom.scrape,
      },
      alertmanager: {
        url: am.url,
        pid: am.pid ?? null,
        version: am.version,
        configFile: am.configFile,
        dataDir: am.dataDir,
        logFile: am.logFile,
      },
      webhook: this.webhook!.url,
    };
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, OBSERVERS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  async startLoad(endpoints: TargetEndpoints, load: LoadSpec, emit: Emit, runDir: string): Promise<LoadHandle> {
    const run = await startLoadRun({
      load,
      baseUrl: endpoints.ingressUrl,
      runDir,
      clock: this.opts.clock,
      emit,
      tools: this.opts.tools,
      log: this.opts.log,
    });
    if (run.version) this.engineVersions[run.engine] = run.version;
    this.loads.add(run);
    void run.exited.then(() => this.loads.delete(run));
    return { exited: run.exited, stop: () => run.stop() };
  }

  async detach(): Promise<void> {
    await this.watcher?.stop();
    this.watcher = undefined;
    this.emit = undefined;
  }

  async close(): Promise<void> {
    await this.detach();
    await Promise.all([...this.loads].map((l) => l.stop()));
    await this.prometheus?.stop();
    await this.alertmanager?.stop();
    await this.webhook?.stop();
    await this.cluster?.observer.stop();
    this.prometheus = this.alertmanager = this.webhook = this.cluster = undefined;
    this.dir = undefined;
    this.attaches = 0;
  }

  alertNames(): string[] {
    return [...this.names];
  }

  versions(): Record<string, string> {
    const v: Record<string, string> = {};
    if (this.prometheus?.version) v.prometheus = this.prometheus.version;
    if (this.alertmanager?.version) v.alertmanager = this.alertmanager.version;
    return { ...v, ...this.engineVersions };
  }
}
