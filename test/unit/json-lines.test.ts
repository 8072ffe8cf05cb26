import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readJsonLines } from '../../src/json-lines.js';
import { readTrainingLog } from '../../src/train/training-log.js';

describe('reading a JSON-lines file still being appended to', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-jsonl-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each value with its line number, skipping blank lines and a last line not finished yet', () => {
    const file = join(dir, 'log.jsonl');
    writeFileSync(file, '{"a":1}\n\n{"a":2}\n{"a":');
    expect(readJsonLines(file)).to.deep.equal([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 3 },
    ]);
  });

  it('throws file:line for a bad line that is not the last', () => {
    const file = join(dir, 'log.jsonl');
    writeFileSync(file, '{"a":1}\nnot json\n{"a":2}\n');
    expect(() => readJsonLines(file)).to.throw(`${file}:2: not a JSON line`);
  });

  it('reads a training log whose last action is still being written', () => {
    writeFileSync(join(dir, 'training.jsonl'), '{"kind":"act","at":1}\n{"kind":"act","at"');
    expect(readTrainingLog(dir)).to.deep.equal([{ kind: 'act', at: 1 }]);
  });
});
