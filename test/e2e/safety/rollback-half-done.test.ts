/**
 * `gameday rollback` also undoes journal entries whose apply threw: such a
 * mutation may or may not have landed (a timed-out call often did). Undoing
 * both kinds puts the served simulator's configuration back exactly, and a
 * second rollback finds nothing left to do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { main } from '../../../src/cli/main.js';
import { WallClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { Journal, JOURNAL_FILE, pendingUndos, readJournal } from '../../../src/run/journal.js';
import type { Operation } from '../../../src/targets/operations.js';
import { SimTarget, type SimEndpoints } from '../../../src/targets/sim/sim-target.js';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.resume();
  const code = await main(args, { out, err });
  return { code, out: o };
}

describe('e2e: rollback undoes entries whose apply threw', function () {
  this.timeout(60_000);
  const clock = new WallClock();
  const served = new SimTarget({ clock, seed: 5, log: silentLogger() });
  let e: SimEndpoints;
  let dir: string;

  before(async () => {
    e = await served.up();
    dir = mkdtempSync(join(tmpdir(), 'gameday-half-done-'));
  });
  after(async () => {
    await served.down();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reverts a failed entry that landed and one that did not, and a second rollback is a no-op', async () => {
    const before = served.state();
    const istiod = (await served.snapshot()).deployments.find((d) => d.name.startsWith('istiod'))!;
    const workload = { namespace: istiod.namespace, name: istiod.name };
    const landed: Operation = { op: 'set-memory-limit', workload, container: 'discovery', limitBytes: 64 * 1024 * 1024 };
    const lost: Operation = { op: 'scale', workload, replicas: 0 };

    const journal = new Journal(join(dir, JOURNAL_FILE));
    journal.header({ target: 'sim', scenario: 'half-done.yaml', startedAt: new Date().toISOString() });
    const a = journal.intent('f', landed, await served.inverse(landed), clock.now());
    await served.apply(landed); // it landed, but the caller saw an error (a timeout)
    journal.mark({ kind: 'failed', seq: a, at: clock.now(), error: 'request timed out' });
    const b = journal.intent('f', lost, await served.inverse(lost), clock.now());
    journal.mark({ kind: 'failed', seq: b, at: clock.now(), error: 'connection reset' }); // never landed
    journal.close();
    expect(served.state()).to.not.deep.equal(before);

    const first = await cli(['rollback', dir, '--sim-control', e.control]);
    expect(first.code, first.out).to.equal(0);
    expect(first.out).to.contain('reverted 2, failed 0');
    expect(served.state()).to.deep.equal(before);
    expect(pendingUndos(readJournal(join(dir, JOURNAL_FILE)))).to.deep.equal([]);

    const second = await cli(['rollback', dir, '--sim-control', e.control]);
    expect(second.code).to.equal(0);
    expect(second.out).to.contain('nothing to revert');
    expect(served.state()).to.deep.equal(before);
  });
});
