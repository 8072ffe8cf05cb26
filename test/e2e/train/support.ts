/** Helpers for the training end-to-end tests: the CLI in process and as a program, polling, the session's files, PNG pixels. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import type { TimelineEvent } from '../../../src/timeline.js';
import type { TrainingEvent } from '../../../src/measure/training-events.js';
import type { RunResult } from '../../../src/report/result.js';
import { readTimeline, TIMELINE_FILE } from '../../../src/report/timeline-writer.js';
import { readTrainingLog } from '../../../src/train/training-log.js';
import { runCli, type CliResult } from '../../unit/cli/run-cli.js';

export const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The CLI in process (the project's test runner of it, whose cwd is the project root). */
export const cli = (args: string[]): Promise<CliResult> => runCli(...args);

/** The CLI as its own process (what `train start` must be: it outlives the command that talks to it). */
export function program(args: string[]): { child: ChildProcess; stdout: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, exited };
}

/** Resolves once `train start` says the session is live (it tells the trainee how to respond); rejects if it exits first. */
export function untilLive(start: ReturnType<typeof program>): Promise<true> {
  return waitFor('the session to be live', 120_000, () =>
    start.stdout().includes('respond')
      ? true
      : start.child.exitCode !== null
        ? Promise.reject(new Error(`train start exited ${start.child.exitCode}`))
        : null,
  );
}

/** The one session directory `train start` made under `results`. */
export function sessionDir(results: string): string {
  const name = readdirSync(results).find((d) => d.startsWith('train-'));
  if (!name) throw new Error(`no session directory under ${results}`);
  return join(results, name);
}

/**
 * `train start` of the deny-policy scenario, the fault drawn 1–2 s in and a 2-minute deadline, in the
 * foreground; resolves once the session is live, with its directory. `extra` adds target flags.
 */
export async function startDenyPolicySession(
  trainee: string,
  results: string,
  extra: string[] = [],
): Promise<{ start: ReturnType<typeof program>; dir: string }> {
  const start = program([
    'train',
    'start',
    'scenarios/deny-policy.yaml',
    '--seed',
    '1',
    '--window',
    '1s..2s',
    '--deadline',
    '2m',
    '--trainee',
    trainee,
    '--results',
    results,
    ...extra,
  ]);
  await untilLive(start);
  return { start, dir: sessionDir(results) };
}

/** Polls until `probe` returns a value (asking the real thing; the interval only paces it). */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | null | undefined | Promise<T | null | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined && (v as unknown) !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The session's timeline so far, read as the harness reads it: a line still being appended is left out. */
export const timelineOf = (dir: string): TimelineEvent[] => {
  const file = join(dir, TIMELINE_FILE);
  return existsSync(file) ? readTimeline(file) : [];
};
export const trainingOf = (dir: string): TrainingEvent[] => readTrainingLog(dir);
export const resultOf = (dir: string): RunResult => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;

export function alive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) into its pixels. */
export function pngPixels(file: string): { width: number; height: number; rgb: (x: number, y: number) => [number, number, number] } {
  const buf = readFileSync(file);
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error('only 8-bit PNGs');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (!channels) throw new Error(`PNG colour type ${data[9]} not handled`);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const cur = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? px[y * stride + i - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? px[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const pr = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pr;
      px[y * stride + i] = (cur + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    rgb: (x, y) => [px[y * stride + x * channels]!, px[y * stride + x * channels + 1]!, px[y * stride + x * channels + 2]!],
  };
}
