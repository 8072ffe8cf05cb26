import { expect } from 'chai';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, pendingUndos, readJournal } from '../../../src/run/journal.js';
import type { Operation } from '../../../src/targets/operations.js';

const scale = (replicas: number): Operation => ({ op: 'scale', workload: { namespace: 'istio-system', name: 'istiod' }, replicas });

describe('journal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps unconfirmed and applied entries pending, newest first, and drops reverted ones', () => {
    const file = join(dir, 'journal.jsonl');
    const j = new Journal(file);
    j.header({ target: 'cluster', context: 'staging', scenario: 's.yaml', startedAt: '2026-01-01T00:00:00Z' });
    const a = j.intent('f1', scale(0), scale(2), 1);
    j.mark({ kind: 'applied', seq: a, at: 2, summary: '' });
    const b = j.intent('f1', scale(1), scale(0), 3); // sent, never confirmed
    const c = j.intent('f2', { op: 'delete-pods', namespace: 'x', count: 1 }, null, 4);
    j.mark({ kind: 'applied', seq: c, at: 5, summary: '' });
    const d = j.intent('f2', scale(5), scale(3), 6);
    j.mark({ kind: 'applied', seq: d, at: 7, summary: '' });
    j.mark({ kind: 'reverted', seq: d, at: 8, summary: '' });
    j.close();
    const contents = readJournal(file);
    expect(contents.header?.context).to.equal('staging');
    expect(pendingUndos(contents).map((e) => e.seq)).to.deep.equal([b, a]);
    expect(pendingUndos(contents, 'f2')).to.have.length(0);
  });

  it('keeps an entry whose apply threw pending: it may have landed', () => {
    const file = join(dir, 'journal.jsonl');
    const j = new Journal(file);
    const a = j.intent('f', scale(0), scale(2), 1);
    j.mark({ kind: 'failed', seq: a, at: 2, error: 'PATCH timed out' });
    const b = j.intent('f', scale(1), scale(0), 3);
    j.mark({ kind: 'failed', seq: b, at: 4, error: 'refused' });
    j.mark({ kind: 'reverted', seq: b, at: 5, summary: '' });
    j.close();
    const contents = readJournal(file);
    expect(contents.entries.map((e) => e.status)).to.deep.equal(['failed', 'reverted']);
    expect(pendingUndos(contents).map((e) => e.seq)).to.deep.equal([a]);
  });

  it('survives a torn last line and continues numbering after reopening', () => {
    const file = join(dir, 'journal.jsonl');
    const j = new Journal(file);
    j.intent('f', scale(0), scale(1), 1);
    j.close();
    appendFileSync(file, '{"kind":"applied","seq":1,');
    const again = new Journal(file);
    expect(again.intent('f', scale(2), scale(0), 2)).to.equal(2);
    again.close();
    expect(readJournal(file).entries.map((e) => e.status)).to.deep.equal(['unknown', 'unknown']);
  });
});
