/**
 * The counterfactual: the same mesh and the same 1.13 regression, released
 * through a canary revision and the `stable` tag instead of in place.
 * Requests through users → orders → payments must never fail, through the
 * canary, the promotion (a tag move) and the rollback (the tag moved back).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { loadScenario } from '../../../src/scenario/loader.js';
import { MIN } from './support/mesh-checks.js';
import { play, type Played } from './support/scenario-driver.js';

const PRODUCTION = ['payments', 'orders', 'users'];

describe('upgrade-canary-counterfactual on the model', function () {
  this.timeout(120_000);
  let played: Played;
  const tags: { t: number; stable: string | undefined }[] = [];

  before(async () => {
    const scenario = await loadScenario(join(process.cwd(), 'scenarios/upgrade-canary-counterfactual.yaml'), { projectRoot: process.cwd() });
    played = await play(scenario, 25 * MIN, {
      each: (p) => {
        const t = p.target.clock.now() - p.t0;
        if (t % 30_000 === 0) tags.push({ t, stable: p.target.model.snapshot().tags.stable });
      },
    });
  });

  it('sends traffic through every production namespace, and none of it fails', () => {
    const through = new Set(played.samples.flatMap((s) => s.namespaces));
    for (const ns of PRODUCTION) expect(through.has(ns), ns).to.equal(true);
    expect(played.samples.length).to.be.greaterThan(1400);
    const failed = played.samples.filter((s) => s.status >= 400);
    expect(failed, 'failed production requests').to.deep.equal([]);
  });

  it('promotes by moving the stable tag at T+2, and rolls back by moving it back at T+8', () => {
    const at = (m: number) => tags.find((x) => x.t === m * MIN)?.stable;
    expect(at(1.5)).to.equal('1-12-0');
    expect(at(3)).to.equal('1-13-0');
    expect(at(8.5)).to.equal('1-12-0');
    const upgrade = played.contexts.get('canary-upgrade')!;
    const tagMoves = upgrade.journal.filter((l) => l.op.op === 'set-revision-tag');
    expect(tagMoves).to.have.length(1);
    expect(tagMoves[0]!.undo).to.deep.equal({ op: 'set-revision-tag', tag: 'stable', revision: '1-12-0' });
  });

  it('production pods stayed on 1-12-0 throughout; the canary revision is gone at the end', () => {
    const mesh = played.target.model.snapshot();
    expect(mesh.revisions.map((r) => r.revision)).to.deep.equal(['1-12-0']);
    expect(mesh.pods.filter((p) => PRODUCTION.includes(p.namespace)).every((p) => p.revision === '1-12-0')).to.equal(true);
    expect(mesh.namespaces.find((n) => n.name === 'staging')?.labels['istio.io/rev']).to.equal('stable');
  });
});
