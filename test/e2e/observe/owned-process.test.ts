/**
 * The process owner with a real child (node itself): log capture, readiness
 * from a real endpoint, SIGTERM then SIGKILL, and the registry that proves
 * nothing is left running.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComponentError } from '../../../src/errors.js';
import { freePort } from '../../../src/process/free-port.js';
import { OwnedProcess } from '../../../src/process/owned-process.js';
import { liveProcesses } from '../../../src/process/process-registry.js';

describe('e2e: OwnedProcess', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-e2e-proc-'))));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('waits for a real health endpoint, logs output to a file, and stops with SIGTERM', async () => {
    const port = await freePort();
    const script = `
      console.log('starting');
      require('http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1');
      process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });`;
    const p = OwnedProcess.start({ name: 'web', command: process.execPath, args: ['-e', script], logDir: dir });
    expect(liveProcesses().map((l) => l.name)).to.deep.equal(['web']);
    await p.waitReady(`http://127.0.0.1:${port}/`, 10_000);
    const exit = await p.stop();
    expect(exit).to.deep.equal({ code: 0, signal: null });
    expect(readFileSync(p.logFile, 'utf8')).to.match(/starting[\s\S]*got SIGTERM/);
  });

  it('kills a program that ignores SIGTERM after the grace', async () => {
    const script = `process.on('SIGTERM', () => console.log('ignoring')); console.log('up'); setInterval(() => {}, 1000);`;
    const p = OwnedProcess.start({ name: 'stubborn', command: process.execPath, args: ['-e', script], logDir: dir, graceMs: 300 });
    await p.waitReady(async () => readFileSync(p.logFile, 'utf8').includes('up'), 10_000);
    const exit = await p.stop();
    expect(exit.signal).to.equal('SIGKILL');
    expect(await p.stop(), 'stop is idempotent').to.deep.equal(exit);
  });

  it('fails readiness with the log tail when the program exits first, and when it cannot start', async () => {
    const p = OwnedProcess.start({ name: 'dies', command: process.execPath, args: ['-e', 'console.error("bad flag --x"); process.exit(3)'], logDir: dir });
    const err = await p.waitReady('http://127.0.0.1:1/', 10_000).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ComponentError);
    expect((err as Error).message).to.match(/exited before it was ready \(exit code 3\)[\s\S]*bad flag --x/);

    const missing = OwnedProcess.start({ name: 'missing', command: join(dir, 'no-such-program'), args: [], logDir: dir });
    expect((await missing.exited).spawnError).to.match(/ENOENT/);
  });

  it('freePort hands out a loopback port that can be bound', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
