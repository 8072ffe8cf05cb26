/**
 * The interrupt ladder of a run: the first signal aborts the run; the second
 * prints what the run's journal still holds and where the journal is.
 * (The third exits the process; the interrupt tests in test/e2e/safety
 * prove it on a real run.)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { withInterrupts } from '../../../src/cli/interrupts.js';
import { createLogger } from '../../../src/log.js';
import { Journal, JOURNAL_FILE } from '../../../src/run/journal.js';
import { ownJournals } from '../../../src/run/unfinished.js';

describe('interrupts', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'gameday-interrupts-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('aborts on the first signal and lists what is still applied, with the journal path, on the second', async () => {
    const dir = join(root, '20260101T000000Z-x');
    mkdirSync(dir);
    const j = new Journal(join(dir, JOURNAL_FILE));
    j.header({ target: 'sim', scenario: 'x.yaml', startedAt: new Date().toISOString() });
    const seq = j.intent('deny', { op: 'delete-authorization-policy', namespace: 'payments', name: 'lockdown' }, null, 1);
    j.mark({ kind: 'applied', seq, at: 2, summary: '' });
    j.intent(
      'oom',
      { op: 'scale', workload: { namespace: 'istio-system', name: 'istiod' }, replicas: 0 },
      { op: 'scale', workload: { namespace: 'istio-system', name: 'istiod' }, replicas: 1 },
      3,
    );
    j.close();

    const err = new PassThrough();
    let text = '';
    err.on('data', (d: Buffer) => (text += d.toString()));
    const log = createLogger({ format: 'json', level: 'info', stream: err });
    let aborted = false;
    const listeners = process.listenerCount('SIGINT');
    await withInterrupts(
      log,
      async (signal) => {
        process.emit('SIGINT', 'SIGINT');
        aborted = signal.aborted;
        process.emit('SIGTERM', 'SIGTERM');
        await new Promise((r) => setTimeout(r, 50));
      },
      () => ownJournals(root),
    );
    expect(aborted).to.equal(true);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; msg: string; journal?: string });
    const still = lines.filter((l) => l.event === 'run.still-applied');
    expect(still[0]!.msg).to.equal(`journal ${join(dir, JOURNAL_FILE)}: 1 change(s) still applied`);
    expect(still.slice(1).map((l) => l.msg)).to.deep.equal(['  still applied: [oom] scale istio-system/istiod to 0 replicas']);
    expect(process.listenerCount('SIGINT')).to.equal(listeners);
  });
});
