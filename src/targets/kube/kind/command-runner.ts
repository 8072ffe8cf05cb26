/**
 * Runs the lifecycle's external commands (kind, docker, kubectl, istioctl)
 * with zx, each as an argv array: zx quotes every element, so nothing is
 * ever re-split by the shell. Tests swap in the same runner with a PATH of
 * recording stand-ins; the argv is all that differs between machines.
 */
import { $ } from 'zx';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type RunCommand = (argv: readonly string[], opts?: { input?: string }) => Promise<CommandResult>;

export interface RunnerOptions {
  /** Executable per command name (`kind` → `/usr/local/bin/kind`), from tool discovery; the name itself otherwise. */
  paths?: Partial<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function zxRunner(opts: RunnerOptions = {}): RunCommand {
  return async (argv, run = {}) => {
    const [cmd, ...args] = argv;
    if (!cmd) throw new Error('empty command');
    const exe = opts.paths?.[cmd] ?? cmd;
    const out = await $({
      nothrow: true,
      quiet: true,
      env: opts.env ?? process.env,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(run.input !== undefined ? { input: run.input } : {}),
    })`${exe} ${args}`;
    return { exitCode: out.exitCode ?? 1, stdout: out.stdout, stderr: out.stderr };
  };
}
