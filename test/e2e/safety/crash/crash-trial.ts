/**
 * One crash trial: before-state, start a process that injects the scenario's
 * faults, SIGKILL it at a seeded random instant after its first journaled
 * mutation, `gameday rollback` (itself killed at a random instant in half the
 * trials, then run again to completion), and compare the target's
 * configuration with the before-state until it converges or time runs out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../../../../src/process/poll-until.js';
import { JOURNAL_FILE } from '../../../../src/run/journal.js';
import type { StartedTarget } from './crash-targets.js';
import { mulberry32 } from '../../../../src/seeded-random.js';

const MAIN = fileURLToPath(new URL('../../../../src/cli/main.ts', import.meta.url));
const DRIVER = fileURLToPath(new URL('../support/fault-driver.ts', import.meta.url));
/** Long enough for the model to pull an evicted image back and roll pods over at 10×. */
const CONVERGE_MS = 30_000;

/** What is killed: the fault driver (no load engine needed) or `gameday run` itself. */
export type Victim = 'driver' | 'run';

export interface TrialResult {
  seed: number;
  /** ms from the first journaled mutation to SIGKILL; null when the victim finished first. */
  killedAfterMs: number | null;
  /** What the victim had printed when it was killed. */
  stage: 'injecting' | 'holding' | 'reverting' | 'finished';
  rollbackKilledAfterMs: number | null;
  rollbackOutput: string;
  diffs: string[];
}

/** A seeded generator, so a failing trial repeats from its printed seed. */
export function rng(seed: number): () => number {
  return mulberry32(seed).next;
}

export async function crashTrial(opts: {
  scenario: string;
  seed: number;
  target: StartedTarget;
  resultsRoot: string;
  victim: Victim;
}): Promise<TrialResult> {
  const random = rng(opts.seed);
  const before = await opts.target.beforeState();
  const runDir = join(opts.resultsRoot, `trial-${opts.seed}`);
  mkdirSync(runDir, { recursive: true });
  const holdMs = 300 + Math.floor(random() * 1500);
  const victim =
    opts.victim === 'driver'
      ? spawnTsx([DRIVER, opts.scenario, runDir, String(holdMs), opts.target.kind, opts.target.attach, ...(opts.target.driverArgs ?? [])])
      : spawnTsx([MAIN, 'run', opts.scenario, '--results', runDir, ...opts.target.cliArgs]);
  let printed = '';
  let complaint = '';
  victim.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  victim.stderr!.on('data', (d: Buffer) => (complaint += d.toString()));
  let gone = false;
  const victimExit = exited(victim).then((code) => ((gone = true), code));

  // The window: from the first mutation through injection, the hold and the revert.
  const journal = () => findJournal(runDir);
  const started = await pollUntil(async () => (journal() ? readFileSync(journal()!, 'utf8').includes('"kind":"intent"') : gone), {
    timeoutMs: 60_000,
    intervalMs: 10,
  });
  if (!started || !journal())
    throw new Error(`seed ${opts.seed}: the victim never journaled a mutation; its output: ${printed}${complaint.slice(-2000)}`);
  const firstAt = Date.now();
  // Between the first mutation and the start of the revert (the driver holds the faults holdMs after
  // injecting; a run's scripted responder acts tens of seconds later). Killing rollback itself covers the revert.
  const delay = Math.floor(random() * (opts.victim === 'run' ? 30_000 : holdMs));
  const finishedFirst = await Promise.race([victimExit.then(() => true), sleep(delay).then(() => false)]);
  const stage: TrialResult['stage'] = finishedFirst
    ? 'finished'
    : printed.includes('reverted')
      ? 'finished'
      : printed.includes('injected')
        ? Date.now() - firstAt > holdMs
          ? 'reverting'
          : 'holding'
        : 'injecting';
  const killedAfterMs = finishedFirst ? null : Date.now() - firstAt;
  victim.kill('SIGKILL');
  await victimExit;

  const dir = findJournal(runDir)!.slice(0, -JOURNAL_FILE.length - 1);
  const rollbackArgs = opts.target.rollbackArgs ?? opts.target.cliArgs;
  let rollbackKilledAfterMs: number | null = null;
  let rollbackOutput = '';
  if (random() < 0.5) {
    const first = spawnTsx([MAIN, 'rollback', dir, ...rollbackArgs]);
    const firstExit = exited(first);
    const wait = Math.floor(random() * 2500);
    if (!(await Promise.race([firstExit.then(() => true), sleep(wait).then(() => false)]))) {
      rollbackKilledAfterMs = wait;
      first.kill('SIGKILL');
    }
    await firstExit;
  }
  const again = spawnTsx([MAIN, 'rollback', dir, ...rollbackArgs]);
  again.stdout!.on('data', (d: Buffer) => (rollbackOutput += d.toString()));
  again.stderr!.on('data', (d: Buffer) => (rollbackOutput += d.toString()));
  const code = await exited(again);
  if (code !== 0)
    return { seed: opts.seed, killedAfterMs, stage, rollbackKilledAfterMs, rollbackOutput, diffs: [`rollback exited ${code}`] };

  let diffs: string[] = [];
  await pollUntil(
    async () => {
      diffs = opts.target.compare(before, await opts.target.beforeState());
      return diffs.length === 0;
    },
    { timeoutMs: CONVERGE_MS, intervalMs: 250 },
  );
  return { seed: opts.seed, killedAfterMs, stage, rollbackKilledAfterMs, rollbackOutput, diffs };
}

function spawnTsx(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<number | null> {
  child.stderr?.resume();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The journal of the run under `root`: at its top (the driver) or in the run directory `gameday run` made. */
function findJournal(root: string): string | undefined {
  if (existsSync(join(root, JOURNAL_FILE))) return join(root, JOURNAL_FILE);
  for (const d of readdirSync(root)) if (existsSync(join(root, d, JOURNAL_FILE))) return join(root, d, JOURNAL_FILE);
  return undefined;
}
