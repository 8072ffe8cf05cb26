/**
 * The CLI entry point. It parses, builds the logger, runs one command, and
 * is the only place that turns an outcome or an error into an exit code:
 * 0 objectives met, 1 objectives missed, 2 bad input, 3 harness failure.
 * Errors are printed as their message — never a stack trace — unless
 * GAMEDAY_DEBUG is set.
 */
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { errorText, exitCodeFor, UsageError, type ExitCode } from '../errors.js';
import { createLogger, silentLogger, type LogFormat } from '../log.js';
import { reapOrphans } from '../process/orphans.js';
import { childrenDir } from '../process/process-registry.js';
import type { CliContext, GlobalArgs } from './context.js';
import { commands } from './commands/index.js';

export interface MainIo {
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream & { isTTY?: boolean };
  cwd?: string;
}

export async function main(argv: string[], io: MainIo = {}): Promise<ExitCode> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  const ctx: CliContext = { log: silentLogger(), cwd: io.cwd ?? process.cwd(), out, err, exitCode: 0 };
  const parser = yargs(argv)
    .scriptName('gameday')
    .usage('$0 <command> [options]\n\nGameDays for Istio meshes: break one thing the way production breaks, measure time to detect and time to recover.')
    .option('log-format', { choices: ['pretty', 'json'] as const, default: 'pretty' as LogFormat, describe: 'progress on stderr: short lines for people, or JSON lines' })
    .option('log-level', { type: 'string', default: 'info', describe: 'pino level: trace, debug, info, warn, error' })
    .middleware((args) => {
      ctx.log = createLogger({ format: args['log-format'] as LogFormat, level: args['log-level'] as string, stream: err });
      // A harness that crashed could not stop its Prometheus, Alertmanager and load engine: stop them now.
      for (const r of reapOrphans(childrenDir())) ctx.log.warn({ event: 'orphan.stopped', name: r.name, pid: r.pid }, `stopped ${r.name} left by a crashed run`);
    })
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .exitProcess(false)
    .fail((msg, e) => {
      throw e ?? new UsageError(msg);
    })
    .epilogue('Exit codes: 0 objectives met · 1 objectives missed (a finding) · 2 bad input · 3 harness or component failure')
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .help()
    .version();
  for (const c of commands(ctx)) parser.command(c);
  try {
    await parser.parseAsync();
    return ctx.exitCode;
  } catch (e) {
    const code = exitCodeFor(e);
    const message = errorText(e);
    err.write(`gameday: ${message}\n`);
    if (process.env.GAMEDAY_DEBUG && e instanceof Error && e.stack) err.write(e.stack + '\n');
    return code;
  }
}

export type { GlobalArgs };

// Run directly (node dist/cli/main.js …) as well as through bin/gameday.js.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
