/**
 * One Prometheus per run, on loopback, with a fresh TSDB in the run
 * directory. Its config is checked by promtool first, so a bad user rule
 * file is bad input (exit 2), not a component failure.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOOPBACK, freePort } from '../process/free-port.js';
import { OwnedProcess } from '../process/owned-process.js';
import type { ScrapeSource } from '../targets/port.js';
import { PrometheusApi, type InstantSample, type PromAlert, type PromRuleGroup, type RangeSeries } from './prometheus-api.js';
import { renderPrometheusConfig } from './prometheus-config.js';
import { checkConfig } from './promtool.js';
import { requireTool, type FindOptions } from './tools.js';

export interface PrometheusOptions {
  /** The run directory; Prometheus' config, data and log go to `<runDir>/prometheus/`. */
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
}

export class Prometheus {
  readonly api: PrometheusApi;

  private constructor(
    readonly url: string,
    readonly version: string | null,
    readonly configFile: string,
    readonly evaluationIntervalMs: number,
    private readonly proc: OwnedProcess,
  ) {
    this.api = new PrometheusApi(url);
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
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(
      configFile,
      renderPrometheusConfig({ scrape: opts.scrape, ruleFiles: opts.ruleFiles, alertmanager: opts.alertmanager, scrapeIntervalMs, evaluationIntervalMs }),
    );
    await checkConfig(promtool.path, configFile, opts.ruleFiles);

    const port = await freePort();
    const url = `http://${LOOPBACK}:${port}`;
    const proc = OwnedProcess.start({
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
    });
    try {
      await proc.waitReady(`${url}/-/ready`, opts.readyTimeoutMs ?? 30_000);
    } catch (err) {
      await proc.stop();
      throw err;
    }
    return new Prometheus(url, prom.version, configFile, evaluationIntervalMs, proc);
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

  /** Stops Prometheus (SIGTERM, then SIGKILL after 5 s). Idempotent. */
  async stop(): Promise<void> {
    await this.proc.stop();
  }
}
