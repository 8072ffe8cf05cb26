import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { compactUtc, confined, createRunDir, runDirName, sanitiseName } from '../../../src/report/results-dir.js';

describe('results directory', () => {
  let root: string;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'gameday-results-')), 'results');
  });
  afterEach(() => rmSync(dirname(root), { recursive: true, force: true }));

  it('names a run by its UTC start and scenario', () => {
    const t = Date.UTC(2026, 10, 24, 7, 1, 2, 345);
    expect(compactUtc(t)).to.equal('20261124T070102Z');
    expect(runDirName('istiod-oom', t)).to.equal('20261124T070102Z-istiod-oom');
  });

  it('sanitises scenario names', () => {
    expect(sanitiseName('../../etc/passwd')).to.equal('etc-passwd');
    expect(sanitiseName('istiod oom/ü')).to.equal('istiod-oom-u');
    expect(sanitiseName('..')).to.equal('scenario');
    expect(sanitiseName('a'.repeat(200))).to.have.length(80);
  });

  it('creates the directory inside the root, never outside, and never reuses one', () => {
    const t = Date.UTC(2026, 10, 24, 7, 1, 2);
    const a = createRunDir(root, '../escape', t);
    const b = createRunDir(root, '../escape', t);
    expect(dirname(a)).to.equal(root);
    expect(basename(a)).to.equal('20261124T070102Z-escape');
    expect(basename(b)).to.equal('20261124T070102Z-escape-2');
    expect(statSync(b).isDirectory()).to.equal(true);
  });

  it('refuses a path that leaves the root', () => {
    expect(() => confined(root, '../x')).to.throw(UsageError);
    expect(() => confined(root, '.')).to.throw(UsageError);
    expect(confined(root, 'a/b')).to.equal(join(root, 'a', 'b'));
  });
});
