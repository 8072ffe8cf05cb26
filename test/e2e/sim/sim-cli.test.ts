/**
 * `gameday sim serve` as its own process, and `sim get|proxy-status|apply`
 * talking to it: the first stdout line is the endpoints' JSON, the others
 * print tables, bad input is exit 2, and SIGTERM stops the server cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../../unit/cli/run-cli.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

describe('e2e: gameday sim (CLI)', function () {
  this.timeout(60_000);
  let child: ChildProcess;
  let endpoints: { ingress: string; sd: string; control: string; metrics: string };
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-sim-cli-'));
    child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sim', 'serve', '--time-scale', '10', '--seed', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.resume();
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sim serve exited with ${code}`)));
    });
    endpoints = JSON.parse(first) as typeof endpoints;
  });

  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its endpoints as one JSON line first', () => {
    expect(Object.keys(endpoints)).to.deep.equal(['ingress', 'sd', 'control', 'metrics']);
    expect(endpoints.sd).to.equal(`${endpoints.metrics}/sd`);
    for (const url of Object.values(endpoints)) expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+/);
  });

  it('lists pods, deployments and nodes, and proxy-status, like kubectl and istioctl', async () => {
    const pods = await runCli('sim', 'get', 'pods', '--control', endpoints.control);
    expect(pods.code).to.equal(0);
    expect(pods.out)
      .to.match(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/)
      .and.match(/\nusers\s+frontend-\S+\s+2\/2\s+Running/);
    expect((await runCli('sim', 'get', 'deployments', '--control', endpoints.control)).out).to.match(/istio-system\s+istiod/);
    expect((await runCli('sim', 'get', 'nodes', '--control', endpoints.control)).out).to.match(/^NAME\s+STATUS\s+IMAGES/);
    const ps = await runCli('sim', 'proxy-status', '--control', endpoints.control);
    expect(ps.out)
      .to.match(/^NAME\s+CLUSTER\s+CDS\s+LDS\s+EDS\s+RDS\s+ECDS\s+ISTIOD\s+VERSION\n/)
      .and.match(/SYNCED/);
    const json = await runCli('sim', 'get', 'policies', '--json', '--control', endpoints.control);
    expect(JSON.parse(json.out)).to.deep.equal([]);
  });

  it('applies an operation from a file, and refuses a malformed one as bad input', async () => {
    const good = join(dir, 'deny.json');
    writeFileSync(
      good,
      JSON.stringify({
        op: 'apply-authorization-policy',
        policy: { namespace: 'payments', name: 'deny-all', action: 'DENY', rules: [{}] },
      }),
    );
    const applied = await runCli('sim', 'apply', '-f', good, '--control', endpoints.control);
    expect(applied.code, applied.err).to.equal(0);
    expect(applied.out).to.match(/deny-all/);
    expect((await runCli('sim', 'get', 'policies', '--control', endpoints.control)).out).to.match(/payments\s+deny-all\s+DENY/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ op: 'scale', replicas: 2 }));
    const refused = await runCli('sim', 'apply', '-f', bad, '--control', endpoints.control);
    expect(refused.code).to.equal(2);
    expect(refused.err)
      .to.match(/not a valid Operation/)
      .and.match(/\$\.workload: required/);
  });

  it('says how to name a simulator when none is given, and when none answers', async () => {
    const saved = process.env.GAMEDAY_SIM_CONTROL;
    delete process.env.GAMEDAY_SIM_CONTROL;
    try {
      const none = await runCli('sim', 'get', 'pods');
      expect(none.code).to.equal(2);
      expect(none.err).to.match(/--control <url> or set GAMEDAY_SIM_CONTROL/);
    } finally {
      if (saved !== undefined) process.env.GAMEDAY_SIM_CONTROL = saved;
    }
    const gone = await runCli('sim', 'get', 'pods', '--control', 'http://127.0.0.1:9');
    expect(gone.code).to.equal(3);
    expect(gone.err).to.match(/no simulator control API at/);
  });

  it('stops on SIGTERM with exit code 0 and closes its listeners', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    let failed = false;
    await fetch(endpoints.ingress).catch(() => (failed = true));
    expect(failed).to.equal(true);
  });
});
