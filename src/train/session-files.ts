/**
 * A training session's directory, `results/train-<UTC time>/`: the run's
 * own files (timeline, journal, result, reports), plus `session.json` (who,
 * where the control endpoint listens, which state), `sealed.json` and
 * `training.jsonl`. The trainee's commands find the newest live one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { compactUtc, confined } from '../report/results-dir.js';

export const SESSION_FILE = 'session.json';
export const SESSION_PREFIX = 'train-';

export interface SessionInfo {
  version: 1;
  trainee: string;
  seed: number;
  startedAt: string;
  pid: number;
  state: 'starting' | 'live' | 'ending' | 'ended' | 'failed';
  /** The control endpoint the trainee's commands talk to (loopback). */
  control?: string;
  /** What an on-call engineer would have: the UIs and where the views point. */
  prometheus?: string;
  alertmanager?: string;
  simControl?: string;
  /** Exit code of the session once it ended. */
  exitCode?: number;
  error?: string;
}

export function newSessionDir(root: string, t: number): string {
  mkdirSync(resolve(root), { recursive: true });
  for (let n = 1; ; n++) {
    const dir = confined(root, `${SESSION_PREFIX}${compactUtc(t)}${n === 1 ? '' : `-${n}`}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export function writeSession(dir: string, info: SessionInfo): void {
  const file = join(dir, SESSION_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readSession(dir: string): SessionInfo {
  const file = join(dir, SESSION_FILE);
  if (!existsSync(file)) throw new UsageError(`${dir}: not a training session directory (no ${SESSION_FILE})`);
  return JSON.parse(readFileSync(file, 'utf8')) as SessionInfo;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every session directory under the results root, newest first. */
export function sessionDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => d.startsWith(SESSION_PREFIX) && existsSync(join(root, d, SESSION_FILE)))
    .sort()
    .reverse()
    .map((d) => join(resolve(root), d));
}

/** `--session DIR`, or the newest session whose process is still running. */
export function currentSession(root: string, explicit?: string): string {
  if (explicit) {
    readSession(explicit);
    return resolve(explicit);
  }
  for (const d of sessionDirs(root)) {
    const s = readSession(d);
    if (s.state !== 'ended' && s.state !== 'failed' && alive(s.pid)) return d;
  }
  throw new UsageError(`no live training session under ${root}: start one with \`gameday train start\`, or name one with --session DIR`);
}
