/**
 * Every child process the harness started and has not yet seen exit. Tests
 * assert it is empty after each suite; on an unexpected exit of Node itself
 * the survivors are killed so a crash never leaves Prometheus running.
 */

export interface LiveProcess {
  name: string;
  pid: number;
  kill(signal: NodeJS.Signals): void;
}

const live = new Set<LiveProcess>();
let exitHookInstalled = false;

export function register(p: LiveProcess): void {
  live.add(p);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // 'exit' handlers must be synchronous: SIGKILL is the only thing left to do.
    process.once('exit', () => {
      for (const child of live) child.kill('SIGKILL');
    });
  }
}

export function unregister(p: LiveProcess): void {
  live.delete(p);
}

/** Name and pid of each child still running. */
export function liveProcesses(): { name: string; pid: number }[] {
  return [...live].map(({ name, pid }) => ({ name, pid }));
}
