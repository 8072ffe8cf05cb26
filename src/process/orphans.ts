/**
 * Children a crashed harness left behind. A process that dies without
 * running its exit hooks (killed with SIGKILL, or out of memory) cannot stop
 * the Prometheus, Alertmanager and load engine it started, so each child is also
 * recorded on disk; the next harness start stops those whose owner is gone.
 * A record is trusted only while /proc still shows the same program, so a
 * recycled pid is never signalled.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ChildRecord {
  pid: number;
  owner: number;
  name: string;
  command: string;
}

export function recordChild(dir: string, rec: ChildRecord): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${rec.pid}.json`), JSON.stringify(rec));
  } catch {
    // Best effort: the in-memory registry still stops the child on a normal exit.
  }
}

export function forgetChild(dir: string, pid: number): void {
  rmSync(join(dir, `${pid}.json`), { force: true });
}

/** Stops every recorded child whose owner no longer runs; returns what it stopped. */
export function reapOrphans(
  dir: string,
  alive: (pid: number) => boolean = isAlive,
  commandOf: (pid: number) => string | null = procCommand,
): ChildRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const reaped: ChildRecord[] = [];
  for (const f of files) {
    let rec: ChildRecord;
    try {
      rec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ChildRecord;
    } catch {
      rmSync(join(dir, f), { force: true });
      continue;
    }
    if (alive(rec.owner)) continue;
    const cmd = commandOf(rec.pid);
    if (cmd !== null && cmd === rec.command) {
      try {
        process.kill(rec.pid, 'SIGTERM');
        reaped.push(rec);
      } catch {
        // Gone between the check and the signal.
      }
    }
    rmSync(join(dir, f), { force: true });
  }
  return reaped;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** argv[0] of a running process, from /proc (Linux); null when it is not running or cannot be read. */
function procCommand(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? null;
  } catch {
    return null;
  }
}
