/**
 * Unfinished journals: a run against a target that a crashed run left
 * changes on is refused (exit 2, naming the journal) until the journal is
 * rolled back or discarded; `gameday rollback --all-unfinished` reverts every
 * one under the results root. Journals of runs still in progress and of the
 * embedded simulator (nothing of it survives its process) never block.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { Journal, JOURNAL_FILE, readJournal } from '../../../src/run/journal.js';
import { findUnfinished } from '../../../src/run/unfinished.js';
import type { Operation } from '../../../src/targets/operations.js';
import { SimTarget, type SimEndpoints } from '../../../src/targets/sim/sim-target.js';
import { childPids } from './support.js';
import { runCli } from '../../unit/cli/run-cli.js';

/** A pid that certainly ran and has exited. */
const deadPid = (): number => spawnSync('true').pid!;

describe('e2e: unfinished journals', function () {
  this.timeout(60_000);
  const clock = new WallClock();
  const served = new SimTarget({ clock, seed: 9, log: silentLogger() });
  let e: SimEndpoints;
  let root: string;
  let istiod: { namespace: string; name: string };

  before(async () => {
    e = await served.up();
    const d = (await served.snapshot()).deployments.find((x) => x.name.startsWith('istiod'))!;
    istiod = { namespace: d.namespace, name: d.name };
  });
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'gameday-unfinished-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  after(() => served.down());

  /** A run directory whose journal holds `op`, applied to the served simulator (or only journaled, for embedded runs). */
  async function crashedRun(name: string, op: Operation, opts: { identity?: string; pid?: number } = {}): Promise<string> {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const j = new Journal(join(dir, JOURNAL_FILE));
    j.header({ target: 'sim', identity: opts.identity, scenario: 's.yaml', startedAt: new Date().toISOString() });
    j.close();
    // The header records the writer's pid; rewrite it as the (dead or live) process the test stands for.
    const text = readFileSync(join(dir, JOURNAL_FILE), 'utf8').replace(`"pid":${process.pid}`, `"pid":${opts.pid ?? deadPid()}`);
    writeFileSync(join(dir, JOURNAL_FILE), text);
    const again = new Journal(join(dir, JOURNAL_FILE));
    const seq = again.intent('f', op, await served.inverse(op), clock.now());
    if (opts.identity) {
      const c = await served.apply(op);
      again.mark({ kind: 'applied', seq, at: c.at, summary: c.summary });
    }
    again.close();
    return dir;
  }

  const identity = (): string => `sim:${e.control}`;
  const limit = (mib: number): Operation => ({
    op: 'set-memory-limit',
    workload: istiod,
    container: 'discovery',
    limitBytes: mib * 1024 * 1024,
  });

  it('refuses a run against the target with exit 2, naming the journal, and starts nothing', async () => {
    const before = served.state();
    await crashedRun('20260101T000000Z-crashed', limit(100), { identity: identity() });
    const children = childPids();
    const r = await runCli('run', 'scenarios/istiod-oom.yaml', '--sim-control', e.control, '--results', root);
    expect(r.code, r.err).to.equal(2);
    expect(r.err).to.contain(`${identity()} has 1 unfinished journal(s)`);
    expect(r.err).to.contain(join('20260101T000000Z-crashed', JOURNAL_FILE));
    expect(r.err).to.contain('gameday rollback --discard');
    expect(r.err).to.not.match(/\n\s+at /);
    expect(readdirSync(root)).to.deep.equal(['20260101T000000Z-crashed']);
    expect(childPids()).to.deep.equal(children);

    const back = await runCli('rollback', join(root, '20260101T000000Z-crashed'));
    expect(back.code, back.out + back.err).to.equal(0);
    expect(served.state()).to.deep.equal(before);
    expect(findUnfinished(root)).to.deep.equal([]);
  });

  it('--discard closes the journal and leaves the changes applied; rollback then has nothing to do', async () => {
    const before = served.state();
    const dir = await crashedRun('20260101T000000Z-kept', limit(90), { identity: identity() });
    const r = await runCli('rollback', '--discard', dir);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('1 change(s) stay applied');
    expect(readJournal(join(dir, JOURNAL_FILE)).discardedAt).to.be.a('number');
    expect(findUnfinished(root)).to.deep.equal([]);
    expect(served.state()).to.not.deep.equal(before);
    expect((await runCli('rollback', dir)).out).to.contain('the journal was discarded');
    // Put the served simulator back for the next test.
    const ownUndo = readJournal(join(dir, JOURNAL_FILE)).entries[0]!.undo!;
    await served.apply(ownUndo);
    expect(served.state()).to.deep.equal(before);
  });

  it('never counts a journal whose writer still runs, or one of the embedded simulator', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      await crashedRun('20260101T000000Z-running', limit(80), { identity: identity(), pid: sleeper.pid! });
      await crashedRun('20260101T000001Z-embedded', limit(70));
      expect(findUnfinished(root).map((u) => [u.dir.slice(root.length + 1), u.identity])).to.deep.equal([
        ['20260101T000001Z-embedded', undefined],
      ]);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
      await runCli('rollback', join(root, '20260101T000000Z-running'));
    }
  });

  it('rollback --all-unfinished reverts every journal against a surviving target and skips embedded ones', async () => {
    const before = served.state();
    await crashedRun('20260101T000000Z-a', limit(60), { identity: identity() });
    await crashedRun(
      join('suite-20260101T000000Z', '20260101T000001Z-b'),
      { op: 'scale', workload: istiod, replicas: 0 },
      { identity: identity() },
    );
    await crashedRun('20260101T000002Z-embedded', limit(50));
    expect(served.state()).to.not.deep.equal(before);
    const r = await runCli('rollback', '--all-unfinished', '--results', root);
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out.match(/reverted 1, failed 0/g)).to.have.length(2);
    expect(r.out).to.contain('skipped: it ran on an embedded simulator');
    expect(served.state()).to.deep.equal(before);
    expect(findUnfinished(root).map((u) => u.identity)).to.deep.equal([undefined]);
    expect(existsSync(join(root, '20260101T000000Z-a', JOURNAL_FILE))).to.equal(true);
  });
});
