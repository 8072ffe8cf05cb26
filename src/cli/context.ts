/**
 * What every command gets: parsed global options, a logger, and a place to
 * put its exit code. Only `main` turns the code into the process' exit code.
 */
import type { Logger } from 'pino';
import type { ExitCode } from '../errors.js';
import type { LogFormat } from '../log.js';

export interface GlobalArgs {
  'log-format': LogFormat;
  'log-level': string;
}

export interface CliContext {
  log: Logger;
  /** Directory the command was started from; relative paths are resolved against it. */
  cwd: string;
  /** Where commands write data (stdout unless a test swaps it). */
  out: NodeJS.WritableStream;
  /** Where progress goes. */
  err: NodeJS.WritableStream & { isTTY?: boolean };
  exitCode: ExitCode;
}
