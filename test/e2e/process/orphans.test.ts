import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reapOrphans, recordChild } from '../../../src/process/orphans.js';

describe('orphaned children', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-orphans-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A pid that certainly ran and has exited: a finished `true`.
  const deadPid = (): number => spawnSync('true').pid!;

  it('stops a recorded child whose owner is gone, and only that one', async () => {
    const orphan = spawn('sleep', ['60']);
    const kept = spawn('sleep', ['60']);
    try {
      recordChild(dir, { pid: orphan.pid!, owner: deadPid(), name: 'prometheus', command: 'sleep' });
      recordChild(dir, { pid: kept.pid!, owner: process.pid, name: 'k6', command: 'sleep' });
      const exited = new Promise((r) => orphan.once('exit', (_c, sig) => r(sig)));
      const reaped = reapOrphans(dir);
      expect(reaped.map((r) => r.name)).to.deep.equal(['prometheus']);
      expect(await exited).to.equal('SIGTERM');
      expect(kept.exitCode).to.equal(null);
      expect(existsSync(join(dir, `${orphan.pid}.json`))).to.equal(false);
      expect(existsSync(join(dir, `${kept.pid}.json`))).to.equal(true);
    } finally {
      orphan.kill('SIGKILL');
      kept.kill('SIGKILL');
    }
  });

  it('never signals a recycled pid running another program', () => {
    const other = spawn('sleep', ['60']);
    try {
      recordChild(dir, { pid: other.pid!, owner: deadPid(), name: 'prometheus', command: '/usr/bin/prometheus' });
      expect(reapOrphans(dir)).to.deep.equal([]);
      expect(other.exitCode).to.equal(null);
      expect(existsSync(join(dir, `${other.pid}.json`))).to.equal(false);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
