/**
 * Node-level operations on kind, run with zx against a recording stand-in
 * for docker: the exact argv each runs, in order, and which of Docker's
 * refusals mean "already so" and which are failures.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { TargetError } from '../../../src/errors.js';
import { zxRunner } from '../../../src/targets/kube/kind/command-runner.js';
import { KindNodeOps } from '../../../src/targets/kube/kind/node-ops.js';

describe('kind node operations through zx (docker stand-in)', () => {
  let dir: string;
  let ops: KindNodeOps;
  const calls = () =>
    readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { args: string[] }).args.join(' '));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-node-ops-'));
    const docker = join(dir, 'docker');
    writeFileSync(docker, `#!${process.execPath}\n` + readFileSync(new URL('./fake-tool.mjs', import.meta.url), 'utf8'));
    chmodSync(docker, 0o755);
    writeFileSync(join(dir, 'calls.jsonl'), '');
    Object.assign(process.env, { FAKE_LOG: join(dir, 'calls.jsonl'), FAKE_STATE: join(dir, 'state.json') });
    ops = new KindNodeOps(zxRunner({ paths: { docker } }));
  });
  afterEach(() => {
    for (const k of ['FAKE_LOG', 'FAKE_STATE', 'FAKE_DOCKER_STDERR', 'FAKE_DOCKER_FAIL_ON']) delete process.env[k];
    rmSync(dir, { recursive: true, force: true });
  });

  it('evicts an image with ctr by its full name', async () => {
    await ops.evictImage('gameday-worker', 'istio/pilot:1.27.3');
    expect(calls()).to.deep.equal(['exec gameday-worker ctr -n k8s.io images rm docker.io/istio/pilot:1.27.3']);
  });

  it('moves the registry between reachable, unreachable and slow, one fault at a time', async () => {
    await ops.setRegistry('unreachable');
    await ops.setRegistry('slow');
    await ops.setRegistry('reachable');
    expect(calls()).to.deep.equal([
      'unpause gameday-registry',
      'network disconnect kind gameday-registry',
      'network connect kind gameday-registry',
      'pause gameday-registry',
      'unpause gameday-registry',
      'network connect kind gameday-registry',
    ]);
  });

  it('takes Docker’s "already so" answers as done, and anything else as a TargetError', async () => {
    Object.assign(process.env, {
      FAKE_DOCKER_FAIL_ON: 'unpause',
      FAKE_DOCKER_STDERR: 'Error response from daemon: Container gameday-registry is not paused',
    });
    await ops.setRegistry('reachable');
    Object.assign(process.env, { FAKE_DOCKER_FAIL_ON: 'exec', FAKE_DOCKER_STDERR: 'ctr: image "docker.io/istio/pilot:1.27.3": not found' });
    await ops.evictImage('gameday-worker', 'istio/pilot:1.27.3');
    Object.assign(process.env, {
      FAKE_DOCKER_FAIL_ON: 'exec',
      FAKE_DOCKER_STDERR: 'Error response from daemon: No such container: gameday-worker9',
    });
    let err: unknown;
    await ops.evictImage('gameday-worker9', 'istio/pilot:1.27.3').catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(TargetError);
    expect(String((err as Error).message)).to.include('No such container: gameday-worker9');
  });
});
