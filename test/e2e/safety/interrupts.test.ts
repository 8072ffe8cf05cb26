/**
 * SIGINT and SIGTERM at a seeded random point of each phase of `gameday run`
 * against `gameday sim serve`: the run reverts, stops load and observers,
 * writes result.json, and exits within 5 s of the signal plus the revert's
 * own time, leaving the simulator's configuration as it was and nothing of
 * the run running. A second SIGINT prints what is still applied and where
 * the journal is; a third exits at once and `gameday rollback` finishes the job.
 *
 * Phases after bring-up need the load engine; without it they are skipped, saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { findTool } from '../../../src/observe/tools.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { projectRoot } from '../../../src/project-root.js';
import { JOURNAL_FILE, pendingUndos, readJournal } from '../../../src/run/journal.js';
import { simTarget, type StartedTarget } from './crash/crash-targets.js';
import { rng } from './crash/crash-trial.js';
import { LOAD_ENGINE } from './support.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
// deny-policy with no responder and short deadlines: every phase comes within seconds, with the fault applied.
const SCENARIO = join(projectRoot(), 'test', 'fixtures', 'valid', 'deny-policy-brief.yaml');
const PHASES = ['bring-up', 'steady-state', 'inject', 'observe', 'revert', 'report'] as const;
const GRACE_MS = 5000;

interface Phased {
  phase: string;
  at: number;
}

describe('e2e: interrupting a run', function () {
  this.timeout(10 * 60_000);
  const baseSeed = Number(process.env.GAMEDAY_INTERRUPT_SEED ?? Math.floor(Math.random() * 1_000_000));
  let target: StartedTarget;
  let root: string;
  let loadEngine = false;
  let slowest = 0;

  before(async () => {
    loadEngine = (await findTool(LOAD_ENGINE)).found;
    process.stdout.write(
      `      GAMEDAY_INTERRUPT_SEED=${baseSeed}${loadEngine ? '' : `; no ${LOAD_ENGINE} here: only bring-up can be interrupted`}\n`,
    );
    target = await simTarget.start();
    root = mkdtempSync(join(tmpdir(), 'gameday-interrupt-'));
  });
  after(async () => {
    process.stdout.write(`      slowest signal-to-exit beyond the revert: ${slowest} ms\n`);
    await target?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  PHASES.forEach((phase, i) => {
    const seed = baseSeed + i;
    it(`${phase}: a signal at a random point (seed ${seed}) reverts, writes result.json, exits in time, leaves nothing`, async function () {
      if (phase !== 'bring-up' && !loadEngine) this.skip();
      const random = rng(seed);
      const signal: NodeJS.Signals = random() < 0.5 ? 'SIGINT' : 'SIGTERM';
      const before = await target.beforeState();
      const results = join(root, `phase-${phase}`);
      const run = startRun(results);
      const timeline = await waitForPhase(results, phase, run);
      await sleep(Math.floor(random() * (phase === 'bring-up' || phase === 'steady-state' || phase === 'observe' ? 1500 : 20)));
      const signalledAt = Date.now();
      run.child.kill(signal);
      const code = await run.exit;
      const tookMs = Date.now() - signalledAt;

      const dir = runDir(results);
      const events = phases(dir);
      const revertMs = revertTime(events);
      slowest = Math.max(slowest, tookMs - revertMs);
      const context = `${signal} in ${timeline} → exit ${code} after ${tookMs} ms (revert ${revertMs} ms); ${run.err()}`;
      expect(tookMs, context).to.be.at.most(GRACE_MS + revertMs);
      expect(existsSync(join(dir, 'result.json')), context).to.equal(true);
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { verdict: string; verdictReason: string };
      // Before the revert phase the signal stops the run; from the revert on it only lets it finish.
      if (['bring-up', 'steady-state', 'inject', 'observe'].includes(phase))
        expect(`${result.verdict} ${result.verdictReason}`, context).to.equal('aborted interrupted');
      expect(pendingUndos(readJournal(join(dir, JOURNAL_FILE))), context).to.deep.equal([]);
      expect(target.compare(before, await target.beforeState()), context).to.deep.equal([]);
      expect(processesMentioning(dir), context).to.deep.equal([]);
    });
  });

  it('a second SIGINT says what is still applied and where the journal is; a third exits at once, rollback finishes', async function () {
    if (!loadEngine) this.skip();
    const before = await target.beforeState();
    const results = join(root, 'three');
    const run = startRun(results);
    await waitForPhase(results, 'observe', run);
    run.child.kill('SIGINT');
    // Signals are not queued: a second SIGINT sent before the first was handled would merge with it.
    const heardFirst = await pollUntil(async () => run.err().includes('stopping the run'), { timeoutMs: 10_000 });
    expect(heardFirst, run.err()).to.equal(true);
    const exited = (): boolean => run.child.exitCode !== null || run.child.signalCode !== null;
    // On the simulator a revert can finish within milliseconds of the first signal: a second one then
    // finds nothing under way (test/unit/cli/interrupts.test.ts checks the report deterministically).
    if (!exited()) run.child.kill('SIGINT');
    const settled = await pollUntil(async () => run.err().includes('change(s) still applied') || exited(), { timeoutMs: 10_000 });
    expect(settled, run.err()).to.equal(true);
    const dir = runDir(results);
    if (run.err().includes('change(s) still applied')) expect(run.err(), run.err()).to.contain(`journal ${join(dir, JOURNAL_FILE)}`);
    else {
      // It finished reverting before the second signal: it exits 1 (aborted), or, when the signal came
      // after it had removed its handlers, the signal ends it (null) — either way with nothing applied.
      expect(await run.exit, `finished reverting before the second signal\n${run.err()}`).to.be.oneOf([1, null]);
      expect(pendingUndos(readJournal(join(dir, JOURNAL_FILE))), run.err()).to.deep.equal([]);
      expect(existsSync(join(dir, 'result.json')), run.err()).to.equal(true);
    }
    // On the simulator the revert may finish before a third signal can be sent: then there is nothing to give up.
    if (run.child.exitCode === null && run.child.signalCode === null) {
      const third = Date.now();
      run.child.kill('SIGINT');
      const code = await run.exit;
      // 130: the harness gave up at once; null: it had already removed its handlers, so the signal ended it.
      if (code === 130 || code === null) expect(Date.now() - third).to.be.below(1000);
      else expect(code, 'finished reverting before the third signal').to.equal(1);
    }
    const back = spawn(process.execPath, ['--import', 'tsx', MAIN, 'rollback', dir, ...target.cliArgs], { stdio: 'ignore' });
    expect(await new Promise((r) => back.once('exit', r))).to.equal(0);
    expect(target.compare(before, await target.beforeState())).to.deep.equal([]);
    await pollUntil(async () => processesMentioning(dir).length === 0, { timeoutMs: 8000 });
    expect(processesMentioning(dir)).to.deep.equal([]);
  });

  function startRun(results: string): { child: ChildProcess; exit: Promise<number | null>; err: () => string } {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', SCENARIO, '--results', results, ...target.cliArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    return { child, exit: new Promise((r) => child.once('exit', (c) => r(c))), err: () => err };
  }
});

async function waitForPhase(results: string, phase: string, run: { exit: Promise<number | null>; err: () => string }): Promise<string> {
  let ended = false;
  void run.exit.then(() => (ended = true));
  const seen = await pollUntil(async () => !ended && phases(runDir(results)).some((p) => p.phase === phase), {
    timeoutMs: 5 * 60_000,
    intervalMs: 20,
  });
  if (!seen) throw new Error(`the run never reached ${phase}: ${run.err()}`);
  return phase;
}

function runDir(results: string): string {
  const dirs = existsSync(results) ? readdirSync(results).filter((d) => existsSync(join(results, d, JOURNAL_FILE))) : [];
  if (dirs.length !== 1) throw new Error(`expected one run directory in ${results}, found ${dirs.length}`);
  return join(results, dirs[0]!);
}

function phases(dir: string): Phased[] {
  try {
    return readFileSync(join(dir, 'timeline.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; phase?: string; at: number })
      .filter((e) => e.kind === 'phase')
      .map((e) => ({ phase: e.phase!, at: e.at }));
  } catch {
    return [];
  }
}

/** From the start of the revert phase to the start of the report phase. */
function revertTime(events: Phased[]): number {
  const start = events.find((e) => e.phase === 'revert')?.at;
  const end = events.find((e) => e.phase === 'report')?.at;
  return start !== undefined && end !== undefined ? end - start : 0;
}

/** Running processes whose command line names `dir` (Prometheus, Alertmanager and the load engine all do). */
function processesMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(dir)) found.push(`${pid} ${cmd.slice(0, 80)}`);
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
