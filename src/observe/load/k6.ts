/**
 * One k6 run as the user-side view: k6 writes its JSON points to a file in
 * the run directory, this tails the file and emits one `sli` event per
 * second once that second can no longer change. Any script that reads
 * BASE_URL works; `load/steady.js` also reads RATE, DURATION, VUS and
 * TARGET_PATH and tags responses by namespace.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { silentLogger } from '../../log.js';
import { OwnedProcess } from '../../process/owned-process.js';
import { classifyK6Exit, type K6Exit } from './k6-exit.js';
import { LineTail } from './line-tail.js';
import { parseK6Line } from './k6-points.js';
import { SliSeries, type SliEvent } from './sli-series.js';
import { requireTool, type FindOptions } from '../tools.js';

export interface K6RunOptions {
  script: string;
  baseUrl: string;
  /** Requests per second. */
  rate: number;
  vus: number;
  durationMs: number;
  /** Request path, joined to BASE_URL by the script (env TARGET_PATH). */
  path: string;
  /** More `-e NAME=value` for the script. */
  env?: Record<string, string>;
  /** k6's points and log go to `<runDir>/k6/`. */
  runDir: string;
  clock: Clock;
  emit: (e: SliEvent) => void;
  /** How long after a second ends it is emitted: k6 flushes every ~200 ms, requests end late. Default 1500 ms. */
  latenessMs?: number;
  tools?: FindOptions;
  log?: Logger;
}

/** The `k6 run` arguments, as an array (never a shell string). */
export function k6Args(
  o: Pick<K6RunOptions, 'script' | 'baseUrl' | 'rate' | 'vus' | 'durationMs' | 'path' | 'env'>,
  pointsFile: string,
): string[] {
  const env: Record<string, string> = {
    ...o.env,
    BASE_URL: o.baseUrl,
    RATE: String(o.rate),
    VUS: String(o.vus),
    DURATION: `${Math.max(1, Math.ceil(o.durationMs / 1000))}s`,
    TARGET_PATH: o.path,
  };
  return [
    'run',
    `--out=json=${pointsFile}`,
    // v1.x spelling; `--no-summary` is gone. The harness reports; k6's own summary would be noise.
    '--summary-mode=disabled',
    '--quiet',
    '--no-color',
    '--no-usage-report',
    // No REST API listener: runs in parallel must not fight over :6565.
    '--address=',
    // The script sees only what the scenario passes, so a run is reproducible.
    '--include-system-env-vars=false',
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    resolve(o.script),
  ];
}

export class K6Run {
  /** Settles after k6 exited and every second was emitted. */
  readonly exited: Promise<K6Exit>;
  private stopRequested = false;
  private readonly stopTicking = new AbortController();

  private constructor(
    private readonly proc: OwnedProcess,
    private readonly tail: LineTail,
    private readonly series: SliSeries,
    private readonly opts: K6RunOptions,
    readonly version: string | null,
  ) {
    const ticking = this.tick();
    this.exited = proc.exited.then(async (exit) => {
      this.stopTicking.abort();
      await ticking;
      await this.consume(await tail.readRest());
      this.emitAll(series.flush());
      await tail.close();
      const result = classifyK6Exit(exit, this.stopRequested, proc.logTail(5));
      (opts.log ?? silentLogger()).info({ event: 'load.exit', ...result, latePoints: series.latePoints }, 'k6 exited');
      return result;
    });
  }

  static async start(opts: K6RunOptions): Promise<K6Run> {
    const k6 = await requireTool('k6', opts.tools);
    const dir = join(opts.runDir, 'k6');
    mkdirSync(dir, { recursive: true });
    const pointsFile = join(dir, 'points.jsonl');
    const proc = OwnedProcess.start({
      name: 'k6',
      command: k6.path,
      args: k6Args(opts, pointsFile),
      logDir: dir,
      // k6 takes SIGINT as "stop the test"; a second one stops it at once.
      stopSignal: 'SIGINT',
      graceMs: 5000,
    });
    return new K6Run(proc, new LineTail(pointsFile), new SliSeries(), opts, k6.version);
  }

  get logFile(): string {
    return this.proc.logFile;
  }

  /** Stops the load: SIGINT, a second SIGINT after 3 s, SIGKILL 5 s later. */
  async stop(): Promise<K6Exit> {
    this.stopRequested = true;
    if (this.proc.running) {
      this.proc.signal('SIGINT');
      const waiting = new AbortController();
      const graceful = await Promise.race([
        this.proc.exited,
        this.opts.clock.sleep(3000, waiting.signal).then(
          () => null,
          () => null,
        ),
      ]);
      waiting.abort();
      if (graceful === null) await this.proc.stop();
    }
    return this.exited;
  }

  private async tick(): Promise<void> {
    const lateness = this.opts.latenessMs ?? 1500;
    while (!this.stopTicking.signal.aborted) {
      await this.consume(await this.tail.read());
      this.emitAll(this.series.drain(this.opts.clock.now() - lateness));
      await this.opts.clock.sleep(200, this.stopTicking.signal).catch(() => undefined);
    }
  }

  private async consume(lines: string[]): Promise<void> {
    for (const line of lines) {
      const p = parseK6Line(line);
      if (p) this.series.add(p);
    }
  }

  private emitAll(events: SliEvent[]): void {
    for (const e of events) this.opts.emit(e);
  }
}
