/** Shared by the safety tests: who is running, and who is listening. */
import { readdirSync, readFileSync } from 'node:fs';

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
