/**
 * A child program the harness started and is responsible for stopping.
 * Arguments are an array (never a shell string); stdout and stderr go to
 * one log file in the run directory, so a failing Prometheus can be read
 * after the fact and its output never blocks on a full pipe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ComponentError } from '../errors.js';
import { pollUntil, httpProbe, type Probe } from './poll-until.js';
import { register, unregister, type LiveProcess } from './process-registry.js';

export interface StartOptions {
  /** Short name for logs and errors: `prometheus`, `vegeta`. */
  name: string;
  command: string;
  args: string[];
  /** Directory the log file `<name>.log` is written to. */
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * `pipe` hands the program's stdin / stdout to the owner as streams (a
   * load engine's result stream); by default stdin is closed and stdout
   * goes to the log with stderr.
   */
  stdin?: 'ignore' | 'pipe';
  stdout?: 'log' | 'pipe';
  /** Signal `stop()` sends first; SIGKILL follows after the grace. */
  stopSignal?: NodeJS.Signals;
  graceMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

export class OwnedProcess {
  readonly name: string;
  readonly logFile: string;
  /** Settles once, when the program has exited (or failed to start). Never rejects. */
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private readonly entry: LiveProcess;
  private exit: ProcessExit | undefined;
  private readonly stopSignal: NodeJS.Signals;
  private readonly graceMs: number;

  private constructor(opts: StartOptions) {
    this.name = opts.name;
    this.logFile = join(opts.logDir, `${opts.name}.log`);
    this.stopSignal = opts.stopSignal ?? 'SIGTERM';
    this.graceMs = opts.graceMs ?? 5000;
    const fd = openSync(this.logFile, 'a');
    try {
      this.child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: [opts.stdin ?? 'ignore', opts.stdout === 'pipe' ? 'pipe' : fd, fd],
      });
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(fd);
    }
    const child = this.child;
    this.entry = { name: this.name, pid: child.pid ?? -1, command: opts.command, kill: (s) => void child.kill(s) };
    if (child.pid !== undefined) register(this.entry);
    this.exited = new Promise<ProcessExit>((resolve) => {
      const done = (e: ProcessExit): void => {
        if (this.exit) return;
        this.exit = e;
        unregister(this.entry);
        resolve(e);
      };
      child.once('exit', (code, signal) => done({ code, signal }));
      child.once('error', (err) => done({ code: null, signal: null, spawnError: err.message }));
    });
  }

  static start(opts: StartOptions): OwnedProcess {
    return new OwnedProcess(opts);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The program's stdin, when started with `stdin: 'pipe'`. */
  get stdin(): Writable | null {
    return this.child.stdin;
  }

  /** The program's stdout, when started with `stdout: 'pipe'`. */
  get stdout(): Readable | null {
    return this.child.stdout;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /**
   * Resolves once `probe` (a URL answering 2xx, or a function) says ready.
   * Rejects with a ComponentError carrying the log's tail when the program
   * exits first or the timeout passes, and with `signal`'s AbortError when it aborts.
   */
  async waitReady(probe: string | Probe, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const check = typeof probe === 'string' ? httpProbe(probe) : probe;
    const stopPolling = new AbortController();
    void this.exited.then(() => stopPolling.abort());
    const ready = await pollUntil(check, {
      timeoutMs,
      signal: signal ? AbortSignal.any([stopPolling.signal, signal]) : stopPolling.signal,
    });
    // An interrupted run stops waiting at once (the caller stops the program).
    signal?.throwIfAborted();
    if (ready && this.running) return;
    const why = this.exit ? `exited before it was ready (${describeExit(this.exit)})` : `not ready after ${timeoutMs} ms`;
    throw new ComponentError(this.name, `${why}; log ${this.logFile}:\n${this.logTail(15)}`);
  }

  /** Sends `signal` without waiting (k6 and vegeta take SIGINT as "stop the test"). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Stops the program: the stop signal, then SIGKILL after the grace. Idempotent. */
  async stop(graceMs = this.graceMs): Promise<ProcessExit> {
    if (!this.running) return this.exited;
    this.child.kill(this.stopSignal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last `lines` lines of the program's output. */
  logTail(lines: number): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

export function describeExit(e: ProcessExit): string {
  if (e.spawnError) return `could not start: ${e.spawnError}`;
  return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
}
