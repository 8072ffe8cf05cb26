/**
 * One vegeta run as the user-side view: `vegeta attack` (an open-model,
 * constant-rate attacker) writes its binary results to a pipe this process
 * owns, which feeds `vegeta encode --to json`, whose lines are read here and
 * bucketed into one `sli` event per second once that second can no longer
 * change. Both programs are owned processes with argument arrays; stop()
 * ends the attack, lets in-flight requests finish (or time out), and waits
 * for the encoder to drain.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { silentLogger } from '../../log.js';
import { describeExit, OwnedProcess, type ProcessExit } from '../../process/owned-process.js';
import type { LoadSpec } from '../../scenario/types.js';
import type { LoadExit } from '../observers.js';
import type { FindOptions, ToolInfo } from '../tools.js';
import { SliSeries, type SliEvent } from './sli-series.js';
import { parseVegetaLine, type ParsedResult } from './vegeta-result.js';
import { targetFor, vegetaAttackArgs, vegetaTargetLines } from './vegeta-targets.js';

export interface VegetaRunOptions {
  load: LoadSpec;
  baseUrl: string;
  runDir: string;
  clock: Clock;
  emit: (e: SliEvent) => void;
  vegeta: ToolInfo & { path: string };
  /** Every result as parsed, for benches and tests that compare with the target's own record. */
  onResult?: (r: ParsedResult) => void;
  /** How long after a second ends it is emitted: results stream as requests end, so a little slack suffices. Default 1000 ms. */
  latenessMs?: number;
  tools?: FindOptions;
  log?: Logger;
}

export class VegetaRun {
  readonly engine = 'vegeta' as const;
  readonly exited: Promise<LoadExit>;
  private stopRequested = false;
  private readonly stopTicking = new AbortController();
  private readonly series = new SliSeries();
  private results = 0;

  private constructor(
    private readonly attack: OwnedProcess,
    private readonly encode: OwnedProcess,
    private readonly opts: VegetaRunOptions,
    readonly version: string | null,
  ) {
    const routes = new Map(
      opts.load.routes.flatMap((r) => (r.namespace ? [[targetFor(opts.baseUrl, r, {}).url, r.namespace] as const] : [])),
    );
    const lines = createInterface({ input: encode.stdout!, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const r = parseVegetaLine(line, routes);
      if (!r) return;
      this.results++;
      this.series.addRequest(r);
      opts.onResult?.(r);
    });
    const drained = new Promise<void>((resolve) => lines.once('close', resolve));
    // The results go from the attacker to the encoder through this process: no shell, no named pipe.
    attack.stdout!.pipe(encode.stdin!);
    // An encoder that died must not take this process down with EPIPE.
    encode.stdin!.on('error', () => undefined);
    const ticking = this.tick();
    this.exited = Promise.all([attack.exited, encode.exited.then(async (e) => (await drained, e))]).then(async ([a, e]) => {
      this.stopTicking.abort();
      await ticking;
      this.emitAll(this.series.flush());
      const result = this.classify(a, e);
      (opts.log ?? silentLogger()).info(
        { event: 'load.exit', engine: 'vegeta', ...result, results: this.results, lateResults: this.series.latePoints },
        'vegeta exited',
      );
      return result;
    });
  }

  static start(opts: VegetaRunOptions): VegetaRun {
    const dir = join(opts.runDir, 'vegeta');
    mkdirSync(dir, { recursive: true });
    const targets = join(dir, 'targets.jsonl');
    writeFileSync(targets, `${vegetaTargetLines(opts.baseUrl, opts.load).join('\n')}\n`);
    const encode = OwnedProcess.start({
      name: 'vegeta-encode',
      command: opts.vegeta.path,
      args: ['encode', '--to', 'json'],
      logDir: dir,
      stdin: 'pipe',
      stdout: 'pipe',
    });
    const attack = OwnedProcess.start({
      name: 'vegeta',
      command: opts.vegeta.path,
      args: vegetaAttackArgs(opts.load, targets),
      logDir: dir,
      stdout: 'pipe',
      // vegeta stops attacking on SIGINT and still reports the requests in flight.
      stopSignal: 'SIGINT',
      graceMs: opts.load.timeoutMs + 2000,
    });
    return new VegetaRun(attack, encode, opts, opts.vegeta.version);
  }

  get logFile(): string {
    return this.attack.logFile;
  }

  /** The attacker's and the encoder's process ids (for CPU accounting in the bench). */
  get pids(): number[] {
    return [this.attack.pid, this.encode.pid].filter((p): p is number => p !== undefined);
  }

  /** Stops the load: SIGINT (in-flight requests end or time out), SIGKILL after the request timeout; then the encoder drains. */
  async stop(): Promise<LoadExit> {
    this.stopRequested = true;
    await this.attack.stop();
    // The encoder ends at the end of its input; it is killed only if it does not.
    const waiting = new AbortController();
    const drained = await Promise.race([
      this.encode.exited,
      this.opts.clock.sleep(5000, waiting.signal).then(
        () => null,
        () => null,
      ),
    ]);
    waiting.abort();
    if (drained === null) await this.encode.stop();
    return this.exited;
  }

  private classify(attack: ProcessExit, encode: ProcessExit): LoadExit {
    const stopped = this.stopRequested;
    const clean = (e: ProcessExit): boolean => e.code === 0 || (stopped && e.signal !== null && !e.spawnError);
    if (clean(attack) && clean(encode)) {
      return { code: attack.code, thresholdsFailed: false, crashed: false, ...(stopped && { message: 'stopped by the harness' }) };
    }
    const [which, proc, exit] = clean(attack)
      ? (['vegeta encode', this.encode, encode] as const)
      : (['vegeta attack', this.attack, attack] as const);
    const tail = proc.logTail(5);
    return { code: exit.code, thresholdsFailed: false, crashed: true, message: `${which} ${describeExit(exit)}${tail ? `: ${tail}` : ''}` };
  }

  private async tick(): Promise<void> {
    const lateness = this.opts.latenessMs ?? 1000;
    while (!this.stopTicking.signal.aborted) {
      this.emitAll(this.series.drain(this.opts.clock.now() - lateness));
      await this.opts.clock.sleep(200, this.stopTicking.signal).catch(() => undefined);
    }
  }

  private emitAll(events: SliEvent[]): void {
    for (const e of events) this.opts.emit(e);
  }
}
