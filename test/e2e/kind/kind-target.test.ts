/**
 * `--target kind` as the composition root builds it: the Kubernetes adapter
 * against the cluster's API server (here the project's testbed, standing in
 * for a kind cluster's), load sent to the ingress NodePort that
 * kind-config.yaml publishes, and node-level operations through `docker`
 * (here a recording stand-in, since this machine has no Docker): the image
 * is evicted from every node the API server lists, the registry leaves and
 * rejoins the kind network, and the undo read back from the target is exact.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { WallClock } from '../../../src/clock.js';
import { attachTarget } from '../../../src/compose/pick.js';
import { silentLogger } from '../../../src/log.js';
import { projectRoot } from '../../../src/project-root.js';
import { readKindConfig } from '../../../src/targets/kube/kind/kind-config.js';
import type { Target } from '../../../src/targets/port.js';
import { startTestbed } from '../../support/testbed.js';

describe('--target kind: the adapter with kind’s ingress and node access (docker stand-in)', function () {
  this.timeout(180_000);
  let dir: string;
  let stop: (() => Promise<void>) | undefined;
  let target: Target;
  const saved = { GAMEDAY_DOCKER: process.env.GAMEDAY_DOCKER, FAKE_LOG: process.env.FAKE_LOG, FAKE_STATE: process.env.FAKE_STATE };
  const calls = (): string[] =>
    readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { args: string[] }).args.join(' '));

  before(async () => {
    const tb = await startTestbed({ nodes: 2 });
    stop = () => tb.stop();
    dir = mkdtempSync(join(tmpdir(), 'gameday-kind-target-'));
    const docker = join(dir, 'docker');
    writeFileSync(docker, `#!${process.execPath}\n` + readFileSync(new URL('./fake-tool.mjs', import.meta.url), 'utf8'));
    chmodSync(docker, 0o755);
    writeFileSync(join(dir, 'calls.jsonl'), '');
    Object.assign(process.env, { GAMEDAY_DOCKER: docker, FAKE_LOG: join(dir, 'calls.jsonl'), FAKE_STATE: join(dir, 'state.json') });
    target = await attachTarget({
      kind: 'kind',
      context: tb.context,
      clock: new WallClock(),
      log: silentLogger(),
      kube: { namespaces: ['istio-system'], kubeconfigPath: tb.kubeconfigPath },
    });
  });

  after(async () => {
    await target?.down();
    await stop?.();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends load to the ingress NodePort published in kind-config.yaml', async () => {
    const endpoints = await target.up();
    expect(endpoints.ingressUrl).to.equal(readKindConfig(join(projectRoot(), 'kind-config.yaml')).ingressUrl);
    expect(endpoints.scrape.kind).to.equal('kubernetes');
  });

  it('evicts an image from every node the API server lists, with ctr through docker exec', async () => {
    const nodes = (await target.snapshot()).nodes.map((n) => n.name).sort();
    expect(nodes).to.have.length(2);
    expect(await target.inverse({ op: 'evict-image', image: 'istio/pilot:1.12.0' })).to.equal(null);
    await target.apply({ op: 'evict-image', image: 'istio/pilot:1.12.0' });
    expect(calls().sort()).to.deep.equal(nodes.map((n) => `exec ${n} ctr -n k8s.io images rm docker.io/istio/pilot:1.12.0`));
  });

  it('takes the registry off the kind network and back, with the undo read from the target', async () => {
    writeFileSync(join(dir, 'calls.jsonl'), '');
    const down = { op: 'set-registry', reachable: false, pullDelayMs: 0 } as const;
    const undo = await target.inverse(down);
    expect(undo).to.deep.include({ op: 'set-registry', reachable: true });
    await target.apply(down);
    expect(calls()).to.include('network disconnect kind gameday-registry');
    await target.apply(undo!);
    expect(calls().at(-1)).to.equal('network connect kind gameday-registry');
  });
});
