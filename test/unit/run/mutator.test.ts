import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/clock.js';
import { TargetError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log.js';
import { Journal, pendingUndos, readJournal } from '../../../src/run/journal.js';
import { Mutator } from '../../../src/run/mutator.js';
import type { Operation } from '../../../src/targets/operations.js';
import { MemoryTarget } from './support.js';

const limit = (bytes: number): Operation => ({
  op: 'set-memory-limit',
  workload: { namespace: 'istio-system', name: 'istiod' },
  container: 'discovery',
  limitBytes: bytes,
});

describe('mutator: an apply that failed', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-mutator-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is journaled as one that may have landed (unless the target knows it never got there), and undone either way', async () => {
    const clock = new VirtualClock();
    const target = new MemoryTarget(clock);
    const file = join(dir, 'journal.jsonl');
    const journal = new Journal(file);
    const mutator = new Mutator(target, journal, clock, silentLogger());
    target.failNext = 1;
    await mutator.mutate('oom', limit(1)).catch(() => undefined);
    const refused = new TargetError('every attempt refused');
    refused.mayHaveLanded = false;
    const apply = target.apply.bind(target);
    target.apply = () => Promise.reject(refused);
    await mutator.mutate('oom', limit(2)).catch(() => undefined);
    target.apply = apply;
    const failed = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; mayHaveLanded?: boolean })
      .filter((l) => l.kind === 'failed');
    expect(failed.map((l) => l.mayHaveLanded)).to.deep.equal([true, false]);
    expect(pendingUndos(readJournal(file))).to.have.length(2);
    const out = await mutator.undo();
    expect(out.failures).to.deep.equal([]);
    expect(pendingUndos(readJournal(file))).to.deep.equal([]);
    journal.close();
  });
});
