/**
 * A trainee who mitigates with `gameday sim apply` — straight to the
 * simulator's control API, outside `train act` — during a session: the change
 * is on the session's timeline and in result.json's training block as the
 * trainee's action, at the instant it was made, and counts for time to
 * mitigate; the harness still reverts what it injected, though the trainee
 * already removed it. Real simulator, Prometheus, Alertmanager and load.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli, program, resultOf, startDenyPolicySession, timelineOf, trainingOf, waitFor } from './support.js';

describe('e2e: gameday sim apply during a training session', function () {
  this.timeout(3 * 60_000);
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-train-sim-apply-'));
  const results = join(tmp, 'results');
  let start: ReturnType<typeof program>;
  let dir: string;

  after(async () => {
    if (start?.child.exitCode === null) {
      start.child.kill('SIGTERM');
      await start.exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('records the applied operation as the trainee’s action, at the time it was made', async () => {
    ({ start, dir } = await startDenyPolicySession('kim', results));
    const control = (JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as { simControl: string }).simControl;
    await waitFor('the fault to go in', 90_000, () => timelineOf(dir).some((e) => e.kind === 'fault.inject'));
    const op = join(tmp, 'delete-policy.json');
    writeFileSync(op, JSON.stringify({ op: 'delete-authorization-policy', namespace: 'payments', name: 'payments-lockdown' }));
    const sent = Date.now();
    const applied = await cli(['sim', 'apply', '-f', op, '--control', control]);
    const answered = Date.now();
    expect(applied.code, applied.err).to.equal(0);
    const action = await waitFor('the action on the timeline', 10_000, () =>
      timelineOf(dir).find((e) => e.kind === 'action' && e.by === 'trainee'),
    );
    expect(action).to.deep.include({
      by: 'trainee',
      ok: true,
      action: 'authorizationpolicy payments/payments-lockdown deleted (gameday sim apply)',
    });
    expect(action.at).to.be.within(sent, answered);
    const act = trainingOf(dir).find((e) => e.kind === 'act');
    expect(act).to.deep.include({ via: 'gameday sim apply', object: 'authorizationpolicy/payments/payments-lockdown', at: action.at });
    expect((await cli(['train', 'end', '--session', dir])).code).to.equal(0);
  });

  it('scores it as the mitigation, and the harness still reverts what it injected', async () => {
    expect(await start.exited).to.equal(0);
    const r = resultOf(dir);
    expect(r.reverts.ok).to.equal(true);
    const inject = timelineOf(dir).find((e) => e.kind === 'fault.inject')!;
    const t = r.training!;
    const acts = t.events.filter((e) => e.kind === 'act');
    expect(acts).to.have.length(1);
    expect(acts[0]).to.deep.include({ via: 'gameday sim apply', ok: true });
    expect(t.score.timeToMitigateMs).to.equal(acts[0]!.at - inject.at);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).to.include(acts[0]!.action);
    expect(t.score.detectedByHuman).to.equal(true);
  });
});
