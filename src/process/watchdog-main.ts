/**
 * The watchdog's own process: `node watchdog-main.js <owner-pid>`. The
 * harness writes `+<pid> <program>` and `-<pid>` lines to its stdin for each
 * child it starts and stops. When stdin reaches EOF — the kernel closes the
 * pipe when the harness dies, however it dies, SIGKILL included — or the
 * owner pid is gone, it stops every child still listed (SIGTERM, then SIGKILL)
 * and exits. It ignores SIGINT/SIGTERM: a Ctrl-C or a job cancel reaches the
 * whole process group, and the watchdog must outlive the harness it guards.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const GRACE_MS = 2000;
const OWNER_POLL_MS = 1000;

const owner = Number(process.argv[2]);
const guarded = new Map<number, string>();
let stopping = false;

process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('SIGHUP', () => {});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const m = /^([+-])(\d+)(?: (.*))?$/.exec(line);
  if (!m) return;
  if (m[1] === '+') guarded.set(Number(m[2]), m[3] ?? '');
  else guarded.delete(Number(m[2]));
});
lines.on('close', () => void stopAll());
setInterval(() => {
  if (!alive(owner)) void stopAll();
}, OWNER_POLL_MS).unref();

async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Only a pid still running the program it was started as: a recycled pid is never signalled.
  const mine = (): number[] => [...guarded].filter(([pid, command]) => programOf(pid) === command).map(([pid]) => pid);
  for (const pid of mine()) signal(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (mine().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of mine()) signal(pid, 'SIGKILL');
  process.exit(0);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** argv[0] of a running process; null once it has exited (a zombie's cmdline is empty). */
function programOf(pid: number): string | null {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    return argv0 ? argv0 : null;
  } catch {
    return null;
  }
}
