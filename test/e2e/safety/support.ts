/** Shared by the safety tests: who is running, and who is listening. */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { ToolName } from '../../../src/observe/tool-catalog.js';

/** The load engine `gameday run` starts; without it a run cannot get past bring-up, and the tests that need one say so. */
export const LOAD_ENGINE: ToolName = 'vegeta';

/** Pids of the direct children of `pid` (every thread's), from /proc. */
export function childPids(pid: number = process.pid): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // The thread ended while we looked.
    }
  }
  return out.sort((a, b) => a - b);
}

/** True while `pid` runs; a zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
