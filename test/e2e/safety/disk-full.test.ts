/**
 * The results disk full: result.json and the reports are written to a
 * temporary file, fsynced and renamed, so a full disk leaves the previous
 * file whole, no temporary behind, and an error that says the disk is full.
 * Needs a small tmpfs (root); skipped, saying so, where mounting is not allowed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RESULT_FILE, writeResultJson } from '../../../src/report/json.js';
import type { RunResult } from '../../../src/report/result.js';

describe('e2e: the results disk full', function () {
  this.timeout(30_000);
  let mnt: string;
  let mounted = false;

  before(function () {
    mnt = mkdtempSync(join(tmpdir(), 'gameday-full-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { encoding: 'utf8' });
    mounted = r.status === 0;
    if (!mounted) {
      process.stdout.write(`      skipped: cannot mount a small tmpfs here (${(r.stderr || r.error?.message || '').trim()})\n`);
      this.skip();
    }
  });
  after(() => {
    if (mounted) spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('leaves the previous result.json whole and no temporary file, and says the disk is full', () => {
    const result = (note: string): RunResult => ({ schemaVersion: 'gameday.istio.io/result/v1', note }) as unknown as RunResult;
    writeResultJson(mnt, result('before'));
    const before = readFileSync(join(mnt, RESULT_FILE), 'utf8');
    // Fill the disk to the last block.
    const filler = join(mnt, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(1024 * 1024));
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).to.equal('ENOSPC');
    }
    let error: unknown;
    try {
      writeResultJson(mnt, result('x'.repeat(64 * 1024)));
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain(`could not write ${join(mnt, RESULT_FILE)}: the disk is full`);
    expect(readFileSync(join(mnt, RESULT_FILE), 'utf8')).to.equal(before);
    expect(readdirSync(mnt).sort()).to.deep.equal(['filler', RESULT_FILE]);

    rmSync(filler);
    writeResultJson(mnt, result('after'));
    expect(JSON.parse(readFileSync(join(mnt, RESULT_FILE), 'utf8'))).to.deep.equal(result('after'));
    expect(readdirSync(mnt)).to.deep.equal([RESULT_FILE]);
  });
});
