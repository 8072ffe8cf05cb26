/**
 * The article's 22-minute outage, replayed from mechanisms: the scenario
 * file's faults and responder act on the model at their offsets, and the
 * timeline that comes out is checked against the article's minutes (±1).
 * Nothing here scripts a symptom: OOMs, 503s, image pulls and recovery are
 * what the model does with the scenario's parameters.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { loadScenario } from '../../../src/scenario/loader.js';
import { MIN } from './support/mesh-checks.js';
import { play, type Played } from './support/scenario-driver.js';

/** The article's timeline, minutes after T+0. */
const ARTICLE = { restarts: 2, oom: 5, first503: 6, rollback: 8, oldIstiodBack: 18, recovered: 22 };
/** "Full mesh recovery confirmed": as the scenario's steady-state window, a clean minute after the last error. */
const CONFIRM_MS = MIN;

export interface ReplayTimes {
  restarts: number;
  oom: number;
  first503: number;
  rollback: number;
  oldIstiodBack: number;
  lastError: number;
  recovered: number;
}

describe('upgrade-incident-replay on the model', function () {
  this.timeout(120_000);
  let played: Played;
  let times: ReplayTimes;
  /** Samples of the rollback's istiod pod between T+8 and its return. */
  const pulling: { t: number; state: string }[] = [];
  let oldBackAt: number | null = null;

  before(async () => {
    const scenario = await loadScenario(join(process.cwd(), 'scenarios/upgrade-incident-replay.yaml'), { projectRoot: process.cwd() });
    played = await play(scenario, 26 * MIN, {
      each: (p) => {
        const t = p.target.clock.now() - p.t0;
        if (t % 10_000 !== 0 || t < 8 * MIN) return;
        const old = p.target.model.snapshot().pods.filter((x) => x.workload.startsWith('istiod') && x.containers[0]?.image.endsWith(':1.12.0'));
        const running = old.find((x) => x.ready && x.containers[0]?.status.state === 'running');
        if (running) oldBackAt ??= t;
        else for (const x of old) pulling.push({ t, state: x.containers[0]!.status.state === 'waiting' ? x.containers[0]!.status.reason : x.containers[0]!.status.state });
      },
    });
    const { target, t0, samples, log, contexts } = played;
    const events = target.model.events();
    const upgrade = contexts.get('inplace-upgrade')!;
    const firstRestart = upgrade.journal.find((l) => l.op.op === 'rollout-restart')!;
    const oom = events.find((e) => e.reason === 'OOMKilled' && e.object.includes('istiod'))!;
    const failures = samples.filter((s) => s.status >= 500);
    const rollback = log.find((l) => l.what === 'responder: revert inplace-upgrade')!;
    times = {
      restarts: (firstRestart.at - t0) / MIN,
      oom: (oom.at - t0) / MIN,
      first503: failures[0]!.t / MIN,
      rollback: rollback.t / MIN,
      oldIstiodBack: oldBackAt! / MIN,
      lastError: failures.at(-1)!.t / MIN,
      recovered: (failures.at(-1)!.t + CONFIRM_MS) / MIN,
    };
    // The measured timeline, for the report.
    console.log(`      replay (article minutes): ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  });

  it('happens in the article order', () => {
    const order = [times.restarts, times.oom, times.first503, times.rollback, times.oldIstiodBack, times.recovered];
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });

  for (const step of Object.keys(ARTICLE) as (keyof typeof ARTICLE)[]) {
    it(`${step} within one article-minute of T+${ARTICLE[step]}`, () => {
      expect(times[step]).to.be.within(ARTICLE[step] - 1, ARTICLE[step] + 1);
    });
  }

  it('the OOM is the new istiod hitting 512Mi (exit 137), and the 503s are stale endpoints', () => {
    const events = played.target.model.events();
    const oom = events.find((e) => e.reason === 'OOMKilled' && e.object.includes('istiod'))!;
    expect(oom.message).to.match(/exit code 137, limit 536870912/);
    const first = played.samples.find((s) => s.status >= 500)!;
    expect(first.status).to.equal(503);
  });

  it('the rollback at T+8 waits on the evicted 1.12 image from the slow registry until T+18', () => {
    const evicted = played.contexts.get('gc-old-pilot')!.applied('evict-image')[0];
    expect(evicted).to.deep.include({ image: 'docker.io/istio/pilot:1.12.0' });
    const events = played.target.model.events();
    const pull = events.find((e) => e.reason === 'Pulling' && e.message.includes('pilot:1.12.0'))!;
    expect((pull.at - played.t0) / MIN).to.be.within(8, 8.5);
    // Between the rollback and T+17.5 no 1.12 istiod serves: its pod waits on the pull.
    expect(pulling.filter((p) => p.t < 17.5 * MIN).map((p) => p.state)).to.include('ContainerCreating');
    expect(oldBackAt! / MIN).to.be.greaterThan(17.5);
    expect(events.some((e) => e.reason === 'Pulled' && e.message.includes('pilot:1.12.0'))).to.equal(true);
  });

  it('ends clean: the old version serves and no request failed in the last minutes', () => {
    const mesh = played.target.model.snapshot();
    expect(mesh.revisions[0]).to.include({ version: '1.12.0' });
    expect(played.samples.filter((s) => s.t > 23 * MIN).every((s) => s.status === 200)).to.equal(true);
  });
});
