/**
 * A trainee who does nothing: the session, started in the background, pages
 * nobody answers, reaches its deadline, reverts what it injected (and, as
 * every run does, waits for steady state to hold again after it), stops
 * everything it started, and scores the incident as undetected by the human.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ObserversManifest } from '../../../src/observe/local-observers.js';
import { alive, cli, program, resultOf, sessionDir, timelineOf, trainingOf, waitFor } from './support.js';

describe('e2e: a training session where the trainee does nothing', function () {
  this.timeout(6 * 60_000);
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-train-idle-'));
  const results = join(tmp, 'results');
  let dir: string;
  let pid: number;

  after(async () => {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
    await waitFor('the session process to stop', 60_000, () => !alive(pid)).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('starts in the background and returns once the session is live', async () => {
    const start = program([
      'train',
      'start',
      'scenarios/deny-policy.yaml',
      '--seed',
      '3',
      '--window',
      '5s..10s',
      '--deadline',
      '45s',
      '--trainee',
      'sam',
      '--results',
      results,
      '--detach',
    ]);
    expect(await start.exited).to.equal(0);
    expect(start.stdout()).to.match(/sam, you are on call/);
    const m = /pid (\d+)/.exec(start.stdout());
    expect(m).to.not.equal(null);
    pid = Number(m![1]);
    expect(alive(pid)).to.equal(true);
    dir = sessionDir(results);
    expect((await cli(['train', 'status', '--results', results])).out).to.match(/session live — sam/);
  });

  it('ends at its deadline without the trainee, reverts, and stops everything it started', async () => {
    const state = await waitFor('the session to end', 270_000, () => {
      const s = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { state: string; exitCode?: number };
      return s.state === 'ended' || s.state === 'failed' ? s : null;
    });
    expect(state).to.deep.include({ state: 'ended', exitCode: 0 });
    await waitFor('the session process to exit', 30_000, () => !alive(pid));
    const r = resultOf(dir);
    expect(r.reverts.ok).to.equal(true);
    expect(
      timelineOf(dir)
        .filter((e) => e.kind === 'fault.revert')
        .map((e) => (e as { ok: boolean }).ok),
    ).to.deep.equal([true]);
    const manifest = JSON.parse(readFileSync(join(dir, 'observers.json'), 'utf8')) as ObserversManifest;
    expect([alive(manifest.prometheus.pid), alive(manifest.alertmanager.pid)]).to.deep.equal([false, false]);
    const status = await cli(['train', 'status', '--results', results]);
    expect(status.code).to.equal(2);
    expect(status.err).to.include('no live training session');
  });

  it('scores it as undetected by the human, though the alert paged', () => {
    const r = resultOf(dir);
    const s = r.training!.score;
    const training = trainingOf(dir);
    expect(training.filter((e) => e.kind === 'page').length).to.be.greaterThan(0);
    expect(training.filter((e) => e.kind !== 'page')).to.deep.equal([{ kind: 'end', at: r.endedAtMs, by: 'harness' }]);
    expect(r.detection.detectedBy?.alert).to.equal('MeshRbacDenied');
    expect(s).to.deep.include({
      detectedByHuman: false,
      outcome: 'undetected',
      ackAt: null,
      timeToMitigateMs: null,
      timeToRecoverMs: null,
      hintsUsed: 0,
      score: 0,
    });
    expect(s.diagnosis.guesses).to.deep.equal([]);
    expect(s.failedRequests).to.be.greaterThan(0);
  });
});
