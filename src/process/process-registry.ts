/**
 * Every child process the harness started and has not yet seen exit. Tests
 * assert it is empty after each suite; on an unexpected exit of Node itself
 * the survivors are killed so a crash never leaves Prometheus running.
 */
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';
import { forgetChild, recordChild } from './orphans.js';
import { guard, release } from './watchdog.js';

export interface LiveProcess {
  name: string;
  pid: number;
  /** The program as started (argv[0]), to recognise it after a crash. */
  command: string;
  kill(signal: NodeJS.Signals): void;
}

/** Where children are recorded on disk for `reapOrphans`. */
export function childrenDir(): string {
  return join(projectRoot(), '.gameday', 'children');
}

const live = new Set<LiveProcess>();
let exitHookInstalled = false;

export function register(p: LiveProcess): void {
  live.add(p);
  recordChild(childrenDir(), { pid: p.pid, owner: process.pid, name: p.name, command: p.command });
  guard(p.pid, p.command);
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
  forgetChild(childrenDir(), p.pid);
  release(p.pid);
}

/** Name and pid of each child still running. */
export function liveProcesses(): { name: string; pid: number }[] {
  return [...live].map(({ name, pid }) => ({ name, pid }));
}
