/**
 * A watchdog the harness's children cannot outlive. Exit hooks do not run
 * when the harness is killed with SIGKILL (a cancelled CI job, an OOM kill, a
 * closed terminal escalating), so Prometheus, Alertmanager and the load
 * engine would keep running and listening. One small process per harness
 * holds the read end of a pipe whose write end only the harness has: when
 * the harness dies the kernel closes it, the watchdog reads EOF and stops
 * every child it was told about (see watchdog-main.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let dog: ChildProcess | undefined;

/** The watchdog program beside this module: compiled JavaScript, or TypeScript when run from source with tsx. */
function watchdogProgram(): { file: string; loader: string[] } {
  const here = fileURLToPath(import.meta.url);
  const js = here.replace(/watchdog\.[jt]s$/, 'watchdog-main.js');
  if (here.endsWith('.js') && existsSync(js)) return { file: js, loader: [] };
  return { file: here.replace(/watchdog\.[jt]s$/, 'watchdog-main.ts'), loader: ['--import', 'tsx'] };
}

function watchdog(): ChildProcess | undefined {
  if (dog && dog.exitCode === null && dog.signalCode === null) return dog;
  const { file, loader } = watchdogProgram();
  try {
    dog = spawn(process.execPath, [...loader, file, String(process.pid)], { stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    return undefined;
  }
  // Neither the process nor its pipe may keep the harness alive: the harness's exit is the signal.
  dog.unref();
  dog.stdin?.on('error', () => {});
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

/** From now on, `pid` (running `command`) is stopped if the harness dies first. */
export function guard(pid: number, command: string): void {
  watchdog()?.stdin?.write(`+${pid} ${command}\n`);
}

/** `pid` has exited or was stopped by the harness itself. */
export function release(pid: number): void {
  if (dog?.stdin?.writable) dog.stdin.write(`-${pid}\n`);
}

/** The watchdog's pid, for tests. */
export function watchdogPid(): number | undefined {
  return dog?.pid;
}
