/**
 * A port in use: Prometheus and Alertmanager are started on a port picked
 * free a moment before, which another process can take in between. When the
 * program reports its address in use, the harness picks another port and
 * starts it again; when every attempt meets a taken port it fails with the
 * program's own words.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Alertmanager } from '../../../src/observe/alertmanager.js';
import { Prometheus } from '../../../src/observe/prometheus.js';
import { freePort } from '../../../src/process/free-port.js';
import { liveProcesses } from '../../../src/process/process-registry.js';

describe('e2e: a port taken between picking and binding', function () {
  this.timeout(60_000);
  let dir: string;
  let squatter: Server;
  let taken: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-port-'));
    // Holds the port and answers nothing: a readiness probe that reaches it must not pass.
    squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    taken = (squatter.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((r) => squatter.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Hands out `port` first, then free ones. */
  const firstThenFree = (port: number): (() => Promise<number>) => {
    let first = true;
    return async () => {
      if (!first) return freePort();
      first = false;
      return port;
    };
  };
  const takenFirst = (): (() => Promise<number>) => firstThenFree(taken);

  it('Alertmanager and Prometheus start on another port, and their logs say why', async () => {
    const am = await Alertmanager.start({ runDir: dir, webhookUrl: 'http://127.0.0.1:9/hook', pickPort: takenFirst() });
    const prom = await Prometheus.start({
      runDir: dir,
      scrape: { kind: 'http-sd', url: 'http://127.0.0.1:9/sd' },
      ruleFiles: [],
      pickPort: takenFirst(),
    });
    try {
      expect(new URL(am.url).port).to.not.equal(String(taken));
      expect(new URL(prom.url).port).to.not.equal(String(taken));
      expect(readFileSync(am.logFile, 'utf8')).to.match(/address already in use/i);
      expect(readFileSync(prom.logFile, 'utf8')).to.match(/address already in use/i);
      expect((await fetch(`${am.url}/-/ready`)).ok).to.equal(true);
      expect((await fetch(`${prom.url}/-/ready`)).ok).to.equal(true);
    } finally {
      await prom.stop();
      await am.stop();
    }
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('takes only its own server for ready when another Alertmanager or Prometheus holds the port and answers', async () => {
    const dirOf = (name: string): string => join(dir, name);
    const sd = { kind: 'http-sd' as const, url: 'http://127.0.0.1:9/sd' };
    const amA = await Alertmanager.start({ runDir: dirOf('a'), webhookUrl: 'http://127.0.0.1:9/hook' });
    const promA = await Prometheus.start({ runDir: dirOf('a'), scrape: sd, ruleFiles: [] });
    const portOf = (url: string): number => Number(new URL(url).port);
    // A parallel run's servers on the ports picked for these: they answer /-/ready, but are not these.
    const amB = await Alertmanager.start({ runDir: dirOf('b'), webhookUrl: 'http://127.0.0.1:9/hook', pickPort: firstThenFree(portOf(amA.url)) });
    const promB = await Prometheus.start({ runDir: dirOf('b'), scrape: sd, ruleFiles: [], pickPort: firstThenFree(portOf(promA.url)) });
    try {
      expect(amB.url).to.not.equal(amA.url);
      expect(promB.url).to.not.equal(promA.url);
      expect(amB.running && promB.running, 'both of the second pair run').to.equal(true);
      expect(readFileSync(amB.logFile, 'utf8')).to.match(/address already in use/i);
      const flags = (await (await fetch(`${promB.url}/api/v1/status/flags`)).json()) as { data: Record<string, string> };
      expect(flags.data['storage.tsdb.path']).to.equal(promB.dataDir);
    } finally {
      for (const x of [promB, amB, promA, amA]) await x.stop();
    }
    expect(liveProcesses()).to.deep.equal([]);
  });

  it('gives up after three taken ports with the program’s own reason, leaving nothing running', async () => {
    const error = await Alertmanager.start({ runDir: dir, webhookUrl: 'http://127.0.0.1:9/hook', pickPort: async () => taken }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error))
      .to.match(/alertmanager/)
      .and.to.match(/address already in use/i);
    expect(liveProcesses()).to.deep.equal([]);
  });
});
