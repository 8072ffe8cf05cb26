/**
 * A Prometheus on loopback, with a fresh TSDB under the directory it is
 * given (a run's, or a suite's observers directory). Every config is
 * checked by promtool before Prometheus reads it, so a bad user rule file is
 * bad input (exit 2), not a component failure. A suite points the same
 * process at each scenario's target in turn with `reconfigure`.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ComponentError } from '../errors.js';
import { LOOPBACK } from '../process/free-port.js';
import { onFreePort, type PortPicker } from '../process/port-retry.js';
import { OwnedProcess, describeExit, type ProcessExit, type StartOptions } from '../process/owned-process.js';
import { allOf, httpProbe, pollUntil, type Probe } from '../process/poll-until.js';
import type { ScrapeSource } from '../targets/port.js';
import { PrometheusApi, type InstantSample, type PromAlert, type PromRuleGroup, type RangeSeries } from './prometheus-api.js';
import { renderPrometheusConfig, type PrometheusConfigInput } from './prometheus-config.js';
import { checkConfig } from './promtool.js';
import { writeKubeApiAccess } from './kube-api-access.js';
import { scrapeReadiness } from './scrape-readiness.js';
import { requireTool, type FindOptions } from './tools.js';

export interface PrometheusOptions {
  /** Aborts the wait for readiness (an interrupted run); the program is stopped. */
  signal?: AbortSignal;
  /** Default: a free loopback port (another is tried when the one picked was taken meanwhile). */
  pickPort?: PortPicker;
  /** Prometheus' config, data and log go to `<runDir>/prometheus/` (a run's directory, or a suite's observers directory). */
  runDir: string;
  scrape: ScrapeSource;
  ruleFiles: readonly string[];
  /** `host:port` of the run's Alertmanager. */
  alertmanager?: string;
  /** Default 1 s (the simulator profile). */
  scrapeIntervalMs?: number;
  /** Default: the scrape interval. */
  evaluationIntervalMs?: number;
  readyTimeoutMs?: number;
  tools?: FindOptions;
  /** For a `kubernetes` source: base URL of the harness' cluster observer (discovery and proxy status). */
  observer?: string;
}

/** What the owner hears when its Prometheus died and was started again (or could not be). */
export interface RestartReport {
  attempt: number;
  ok: boolean;
  error?: string;
}

export interface Supervision {
  /** Restarts after deaths, in total, before giving up (default 3). */
  maxRestarts?: number;
  /** Pause before the first restart, doubled for each next one (default 1 s). */
  backoffMs?: number;
  onDeath?: (exit: ProcessExit) => void;
  onRestart: (r: RestartReport) => void;
}

/** Under Prometheus' directory: the API server credentials of a `kubernetes` source, each file 0600. */
export const KUBE_CREDENTIALS_DIR = 'kube-credentials';

export class Prometheus {
  readonly api: PrometheusApi;
  private current: ScrapeSource;
  private observer: string | undefined;
  private supervision: (Supervision & { restarts: number }) | undefined;
  private readonly stopping = new AbortController();
  private restarting: Promise<void> | undefined;

  private constructor(
    readonly url: string,
    readonly version: string | null,
    readonly configFile: string,
    readonly dataDir: string,
    readonly evaluationIntervalMs: number,
    private readonly promtool: string,
    /** Everything in the config but the scrape source, which is all a reconfiguration changes. */
    private readonly base: Omit<PrometheusConfigInput, 'scrape'>,
    scrape: ScrapeSource,
    private proc: OwnedProcess,
    /** How this Prometheus was started: a restart uses it unchanged (same port, same data directory). */
    private readonly launch: StartOptions,
  ) {
    this.api = new PrometheusApi(url);
    this.current = scrape;
  }

  /** Writes the config, checks it with promtool, starts Prometheus and waits for `/-/ready`. */
  static async start(opts: PrometheusOptions): Promise<Prometheus> {
    const [prom, promtool] = await Promise.all([requireTool('prometheus', opts.tools), requireTool('promtool', opts.tools)]);
    const dir = join(opts.runDir, 'prometheus');
    const data = join(dir, 'data');
    // A TSDB left by an earlier attempt would carry its alerts' state into this run.
    rmSync(data, { recursive: true, force: true });
    mkdirSync(data, { recursive: true });

    const scrapeIntervalMs = opts.scrapeIntervalMs ?? 1000;
    const evaluationIntervalMs = opts.evaluationIntervalMs ?? scrapeIntervalMs;
    const base = { ruleFiles: opts.ruleFiles, alertmanager: opts.alertmanager, scrapeIntervalMs, evaluationIntervalMs };
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(
      configFile,
      renderPrometheusConfig({ ...base, scrape: opts.scrape, kube: await kubeInput(opts.scrape, dir, opts.observer) }),
    );
    await checkConfig(promtool.path, configFile, opts.ruleFiles);

    return onFreePort(async (port) => {
      const url = `http://${LOOPBACK}:${port}`;
      const launch: StartOptions = {
        name: 'prometheus',
        command: prom.path,
        args: [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${data}`,
          `--web.listen-address=${LOOPBACK}:${port}`,
          '--storage.tsdb.retention.time=1d',
          '--log.level=info',
        ],
        logDir: dir,
        graceMs: 5000,
      };
      const proc = OwnedProcess.start(launch);
      try {
        await proc.waitReady(readyWithData(url, data), opts.readyTimeoutMs ?? 30_000, opts.signal);
      } catch (err) {
        await proc.stop();
        throw err;
      }
      const started = new Prometheus(
        url,
        prom.version,
        configFile,
        data,
        evaluationIntervalMs,
        promtool.path,
        base,
        opts.scrape,
        proc,
        launch,
      );
      started.observer = opts.observer;
      return started;
    }, opts.pickPort);
  }

  /** The source the running config scrapes. */
  get scrape(): ScrapeSource {
    return this.current;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /**
   * Points the running Prometheus at another source: writes the new config
   * beside the live one, checks it with promtool (a bad one is bad input and
   * leaves the running config alone), moves it into place and sends SIGHUP.
   * SIGHUP rather than `POST /-/reload`: the HTTP route needs
   * `--web.enable-lifecycle`, which also opens `/-/quit` to anything on the
   * machine, while a signal can only come from the user that owns the
   * process; and the reload's effect has to be polled for either way (see
   * `awaitScraped`). Returns false when the source is unchanged (no reload).
   * Rule state survives a reload: an alert still active from the previous
   * source resolves once that source's series go stale.
   */
  async reconfigure(scrape: ScrapeSource, observer?: string): Promise<boolean> {
    if (isDeepStrictEqual(scrape, this.current) && observer === this.observer) return false;
    if (!this.running)
      throw new ComponentError('prometheus', `exited before it could be reconfigured; log ${this.logFile}:\n${this.proc.logTail(15)}`);
    const next = `${this.configFile}.next`;
    writeFileSync(
      next,
      renderPrometheusConfig({ ...this.base, scrape, kube: await kubeInput(scrape, dirname(this.configFile), observer) }),
    );
    try {
      await checkConfig(this.promtool, next, this.base.ruleFiles);
    } catch (err) {
      rmSync(next, { force: true });
      throw err;
    }
    // A rename is atomic: Prometheus never reads a half-written config.
    renameSync(next, this.configFile);
    this.proc.signal('SIGHUP');
    this.current = scrape;
    this.observer = observer;
    if (scrape.kind !== 'kubernetes') rmSync(join(dirname(this.configFile), KUBE_CREDENTIALS_DIR), { recursive: true, force: true });
    return true;
  }

  /**
   * Resolves once the running config (`/api/v1/status/config`) names the
   * current source, only its targets are active and each was scraped at or
   * after `sinceMs` (epoch ms, Prometheus' wall clock on this machine).
   * Discovery and the scrape manager each batch updates for up to 5 s, so
   * this takes a few seconds after a start or a reload. Rejects with what was
   * still missing and the log's tail on timeout or exit.
   */
  async awaitScraped(sinceMs: number, timeoutMs = 30_000, signal?: AbortSignal): Promise<void> {
    const source = this.current;
    let missing = 'no answer from Prometheus yet';
    const stopPolling = new AbortController();
    void this.proc.exited.then(() => stopPolling.abort());
    signal?.addEventListener('abort', () => stopPolling.abort(), { once: true });
    const ready = await pollUntil(
      async () => {
        const [yaml, targets] = await Promise.all([this.api.config(), this.api.targets()]);
        missing = scrapeReadiness(source, yaml, targets, sinceMs) ?? '';
        return missing === '';
      },
      { timeoutMs, intervalMs: 200, signal: stopPolling.signal },
    );
    signal?.throwIfAborted();
    if (ready && this.running) return;
    const why = this.running
      ? `not scraping ${describeSource(source)} after ${timeoutMs} ms (${missing})`
      : `exited (${describeExit(await this.proc.exited)})`;
    throw new ComponentError('prometheus', `${why}; log ${this.logFile}:\n${this.proc.logTail(15)}`);
  }

  get logFile(): string {
    return this.proc.logFile;
  }

  get running(): boolean {
    return this.proc.running;
  }

  alerts(): Promise<PromAlert[]> {
    return this.api.alerts();
  }

  rules(): Promise<PromRuleGroup[]> {
    return this.api.rules();
  }

  query(expr: string, atMs?: number): Promise<InstantSample[]> {
    return this.api.query(expr, atMs);
  }

  queryRange(expr: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]> {
    return this.api.queryRange(expr, startMs, endMs, stepMs);
  }

  /**
   * From now on, a death this object did not ask for is followed by a restart of the same program
   * with the same arguments — same port, same config, same TSDB, so the series and the alerts'
   * `for` state (ALERTS_FOR_STATE, restored on start: Prometheus' `--rules.alert.for-outage-tolerance`)
   * carry over — after a backoff, at most `maxRestarts` times. Only a Prometheus this object started
   * can be supervised: the harness never restarts one it does not own.
   */
  supervise(s: Supervision): void {
    this.supervision = { ...s, restarts: 0 };
    this.watchForDeath();
  }

  private watchForDeath(): void {
    const proc = this.proc;
    void proc.exited.then((exit) => {
      const s = this.supervision;
      if (!s || this.stopping.signal.aborted || proc !== this.proc) return;
      s.onDeath?.(exit);
      this.restarting = this.restartAfterDeath(s).finally(() => (this.restarting = undefined));
    });
  }

  private async restartAfterDeath(s: Supervision & { restarts: number }): Promise<void> {
    const max = s.maxRestarts ?? 3;
    while (s.restarts < max && !this.stopping.signal.aborted) {
      s.restarts++;
      const attempt = s.restarts;
      try {
        await sleep((s.backoffMs ?? 1000) * 2 ** (attempt - 1), undefined, { signal: this.stopping.signal });
        const proc = OwnedProcess.start(this.launch);
        this.proc = proc;
        try {
          await proc.waitReady(readyWithData(this.url, this.dataDir), 30_000, this.stopping.signal);
        } catch (err) {
          await proc.stop();
          throw err;
        }
        s.onRestart({ attempt, ok: true });
        this.watchForDeath();
        return;
      } catch (err) {
        if (this.stopping.signal.aborted) return;
        s.onRestart({ attempt, ok: false, error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      }
    }
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL after 5 s) and deletes the cluster credentials it was given. Idempotent. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.restarting;
    await this.proc.stop();
    // Credentials outlive nothing that needs them: a results directory gets archived and shared.
    rmSync(join(dirname(this.configFile), KUBE_CREDENTIALS_DIR), { recursive: true, force: true });
  }
}

/** A cluster's credentials, written beside the config (0600) each time the config is. */
async function kubeInput(scrape: ScrapeSource, dir: string, observer: string | undefined): Promise<PrometheusConfigInput['kube']> {
  if (scrape.kind !== 'kubernetes') return undefined;
  if (!observer) throw new ComponentError('prometheus', `scraping context ${scrape.context} needs the harness' cluster observer running`);
  return { access: await writeKubeApiAccess(scrape, join(dir, KUBE_CREDENTIALS_DIR)), observer };
}

function describeSource(source: ScrapeSource): string {
  if (source.kind === 'kubernetes') return `context ${source.context} (${source.kubeconfigPath})`;
  return source.kind === 'http-sd' ? source.url : `jobs ${source.jobs.map((j) => j.job).join(', ')}`;
}

/**
 * Ready, and this run's own Prometheus: another one (a parallel run's) may hold the port this one
 * failed to bind, and would answer `/-/ready` too. Only the server whose TSDB is this run's data
 * directory (`/api/v1/status/flags`, docs/prometheus.md#http-api) is taken for it; this one
 * then exits on the taken address, and the port is picked again.
 */
function readyWithData(url: string, data: string): Probe {
  return allOf(
    httpProbe(`${url}/-/ready`),
    httpProbe(`${url}/api/v1/status/flags`, (body) => (body as { data?: Record<string, string> }).data?.['storage.tsdb.path'] === data),
  );
}
