/**
 * The processes a harness started go away by themselves when it is killed
 * with SIGKILL (no exit hook runs): its watchdog reads EOF on the pipe only
 * the harness held, stops them, and exits. Within seconds nothing it started
 * runs and nothing listens on their ports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { OBSERVERS_MANIFEST } from '../../../src/observe/local-observers.js';
import { pollUntil } from '../../../src/process/poll-until.js';
import { alive, listening } from './support.js';

const HELPER = fileURLToPath(new URL('./support/observe-and-wait.ts', import.meta.url));
/** The watchdog's grace (2 s) plus a poll of the owner and process start-up slack on a busy machine. */
const GONE_WITHIN_MS = 8000;

describe('e2e: a killed harness leaves nothing running', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'gameday-watchdog-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGKILL: Prometheus, Alertmanager and every other owned child stop, their ports close, the watchdog exits', async () => {
    const harness = spawn(process.execPath, ['--import', 'tsx', HELPER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: harness.stdout! }).once('line', resolve);
      harness.once('exit', (code) => reject(new Error(`harness exited early with ${code}`)));
    });
    const started = JSON.parse(line) as { children: { name: string; pid: number }[]; watchdog: number };
    const manifest = JSON.parse(readFileSync(join(dir, OBSERVERS_MANIFEST), 'utf8')) as {
      prometheus: { url: string };
      alertmanager: { url: string };
    };
    const ports = [manifest.prometheus.url, manifest.alertmanager.url].map((u) => Number(new URL(u).port));
    expect(started.children.map((c) => c.name).sort()).to.deep.equal(['alertmanager', 'prometheus', 'sleeper']);
    for (const c of started.children) expect(alive(c.pid), c.name).to.equal(true);
    for (const p of ports) expect(await listening(p), `port ${p}`).to.equal(true);

    const killedAt = Date.now();
    harness.kill('SIGKILL');
    const pids = [...started.children.map((c) => c.pid), started.watchdog];
    const gone = await pollUntil(async () => pids.every((p) => !alive(p)) && !(await anyListening(ports)), {
      timeoutMs: GONE_WITHIN_MS,
      intervalMs: 100,
    });
    const tookMs = Date.now() - killedAt;
    const left = started.children.filter((c) => alive(c.pid)).map((c) => c.name);
    expect(gone, `still running ${tookMs} ms after SIGKILL: ${left.join(', ') || 'the watchdog'}`).to.equal(true);
    process.stdout.write(`      (everything gone ${tookMs} ms after SIGKILL)\n`);
  });
});

describe('e2e: the watchdog on its own', function () {
  this.timeout(30_000);
  const WATCHDOG = fileURLToPath(new URL('../../../src/process/watchdog-main.ts', import.meta.url));

  it('at EOF stops the children it was told about, skips released ones and never signals a pid running another program', async () => {
    const guarded = spawn('/bin/sleep', ['60']);
    const released = spawn('/bin/sleep', ['60']);
    const recycled = spawn('/bin/sleep', ['60']);
    try {
      const dog = spawn(process.execPath, ['--import', 'tsx', WATCHDOG, String(process.pid)], { stdio: ['pipe', 'ignore', 'inherit'] });
      dog.stdin!.write(`+${guarded.pid} /bin/sleep\n+${released.pid} /bin/sleep\n-${released.pid}\n+${recycled.pid} /usr/bin/prometheus\n`);
      const guardedExit = new Promise((r) => guarded.once('exit', (_c, sig) => r(sig)));
      const dogExit = new Promise((r) => dog.once('exit', r));
      dog.stdin!.end();
      expect(await guardedExit).to.equal('SIGTERM');
      expect(await dogExit).to.equal(0);
      expect(released.exitCode).to.equal(null);
      expect(recycled.exitCode).to.equal(null);
    } finally {
      for (const c of [guarded, released, recycled]) c.kill('SIGKILL');
    }
  });
});

async function anyListening(ports: number[]): Promise<boolean> {
  return (await Promise.all(ports.map(listening))).some(Boolean);
}
