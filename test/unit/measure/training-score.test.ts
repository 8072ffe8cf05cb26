/**
 * The training score under a virtual clock: a trainee (the real Trainee
 * participant) acts at known instants on a hand-built session timeline, and
 * every debrief figure is checked against those instants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/clock.js';
import { expertLine } from '../../../src/measure/expert-line.js';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { HINT_COST, scoreTraining } from '../../../src/measure/training-score.js';
import type { ResponderStep } from '../../../src/scenario/types.js';
import { Trainee } from '../../../src/train/trainee.js';
import { TrainingLog } from '../../../src/train/training-log.js';
import { alert, at, inject, revert, seconds, spec, T0, timeline } from './timeline-builder.js';

const truth = { faultType: 'deny-policy', components: ['payments', 'payments-lockdown'] };
const DELETE = { op: 'delete-authorization-policy', namespace: 'payments', name: 'payments-lockdown' } as const;
const EXPERT: ResponderStep[] = [
  { after: 'detection', delayMs: 20_000, action: { kind: 'revert-fault', fault: 'deny-policy' }, note: 'on-call deletes the policy' },
];

interface Session {
  trainee: Trainee;
  clock: VirtualClock;
  emitted: TimelineEvent[];
  dir: string;
}

function session(hints = ['look at the codes', 'find the DENY policy']): Session {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-score-'));
  const clock = new VirtualClock(T0);
  const emitted: TimelineEvent[] = [];
  const trainee = new Trainee(clock, new TrainingLog(dir), hints);
  trainee.join({
    endpoints: { ingressUrl: 'http://127.0.0.1:1', scrape: { kind: 'http-sd', url: 'http://127.0.0.1:1/sd' }, timeScale: 1 },
    emit: (e) => emitted.push(e),
    events: () => emitted,
    mutate: async () => ({ at: clock.now(), summary: 'authorizationpolicy payments/payments-lockdown deleted' }),
  });
  return { trainee, clock, emitted, dir };
}

/** Advance the virtual clock to `s` seconds after T0. */
async function to(s: Session, sec: number): Promise<void> {
  await s.clock.advance(at(sec) - s.clock.now());
}

function page(s: number, alertName = 'MeshRbacDenied'): Parameters<Trainee['page']>[0] {
  return {
    kind: 'page',
    at: at(s),
    shownAt: at(s) + 300,
    alert: alertName,
    severity: 'critical',
    summary: '403s',
    fingerprint: `${alertName}-${s}`,
  };
}

describe('training score (virtual clock)', () => {
  describe('a trainee who acks, guesses wrong, takes a hint, guesses right and mitigates', () => {
    let s: Session;
    let score: ReturnType<typeof scoreTraining>;

    before(async () => {
      s = session();
      // 10 s steady, the fault at T+10, failing until the trainee deletes the policy at T+70, clean after.
      await to(s, 40);
      expect(s.trainee.page(page(40))).to.equal(true);
      expect(s.trainee.page(page(40))).to.equal(false); // the same alert again is not a new page
      await to(s, 52);
      s.trainee.ack();
      await to(s, 55);
      s.trainee.diagnose('istiod-oom', 'istiod');
      await to(s, 58);
      expect(s.trainee.hint()?.text).to.equal('look at the codes');
      await to(s, 64);
      s.trainee.diagnose('deny-policy', 'payments', '403 from payments');
      await to(s, 70);
      await s.trainee.act(DELETE);
      const events = timeline(
        seconds('o'.repeat(10) + 'x'.repeat(60) + 'o'.repeat(40)),
        inject(10, 'deny-policy', 'deny-policy'),
        alert('MeshRbacDenied', 'pending', 12),
        alert('MeshRbacDenied', 'firing', 40),
        alert('MeshRbacDenied', 'resolved', 80),
        revert(110, 'deny-policy'),
        s.emitted,
      );
      const m = measure(
        events,
        spec({ detection: { expect: ['MeshRbacDenied'] }, objectives: { slo: { target: 0.99, maxBudgetBurn: 100 } } }),
      );
      score = scoreTraining({
        timeline: events,
        training: s.trainee.log.events,
        truth,
        measurements: m,
        expert: expertLine(EXPERT, m.tInject, m.detection.detectedAt, 1),
      });
    });
    after(() => rmSync(s.dir, { recursive: true, force: true }));

    it('times the acknowledgement from the first page and from injection', () => {
      expect(score.firstPageAt).to.equal(at(40));
      expect(score.ackAt).to.equal(at(52));
      expect(score.timeToAckFromPageMs).to.equal(12_000);
      expect(score.timeToAckFromInjectMs).to.equal(42_000);
    });

    it('records every guess, counts the wrong one before the right one, and times the right one', () => {
      expect(score.diagnosis.guesses.map((g) => [g.faultType, g.typeRight, g.componentRight])).to.deep.equal([
        ['istiod-oom', false, false],
        ['deny-policy', true, true],
      ]);
      expect(score.diagnosis.wrongGuesses).to.equal(1);
      expect(score.diagnosis.timeToDiagnoseMs).to.equal(54_000);
      expect(score.diagnosis.componentRight).to.equal(true);
    });

    it('times mitigation from the action and recovery from the measured run', () => {
      expect(score.timeToMitigateMs).to.equal(60_000);
      // The alert resolves at T+80: the first clean second after it is 80.
      expect(score.timeToRecoverMs).to.equal(70_000);
      expect(score.outcome).to.equal('mitigated');
      expect(score.harmfulActions).to.deep.equal([]);
    });

    it('counts failed requests and budget burned over the incident', () => {
      expect(score.failedRequests).to.equal(60 * 50);
      expect(score.errorBudgetBurned).to.be.closeTo(3000 / (0.01 * 110 * 100), 1e-9);
    });

    it('places the expert line 20 s after detection and compares speed with it', () => {
      expect(score.expert.steps[0]!.at).to.equal(at(60));
      expect(score.expert.timeToMitigateMs).to.equal(50_000);
      const speed = score.parts.find((p) => p.name === 'speed')!;
      expect(speed.points).to.equal(Math.round(((20 * 50) / 60) * 10) / 10);
    });

    it('adds the parts up, a hint costing its price', () => {
      const byName = Object.fromEntries(score.parts.map((p) => [p.name, p.points]));
      expect(byName).to.deep.include({ acknowledge: 20, diagnose: 25, mitigate: 30, hints: -HINT_COST });
      expect(score.hintsUsed).to.equal(1);
      expect(score.score).to.equal(Math.round(20 + 25 + 30 + byName.speed! - HINT_COST));
    });

    it('wrote the trainee marks on the timeline too', () => {
      expect(s.emitted.filter((e) => e.kind === 'action').map((e) => (e as { by: string }).by)).to.deep.equal(['trainee']);
      expect(s.emitted.filter((e) => e.kind === 'note').length).to.equal(4);
    });
  });

  it('a trainee who does nothing: undetected by the human, no points', () => {
    const s = session();
    const events = timeline(
      seconds('o'.repeat(10) + 'x'.repeat(60)),
      inject(10, 'deny-policy', 'deny-policy'),
      alert('MeshRbacDenied', 'firing', 40),
      revert(70, 'deny-policy'),
    );
    const m = measure(events, spec({ detection: { expect: ['MeshRbacDenied'] } }));
    const training = [page(40), { kind: 'end' as const, at: at(70), by: 'harness' as const }];
    const score = scoreTraining({ timeline: events, training, truth, measurements: m, expert: [] });
    expect(score.detectedByHuman).to.equal(false);
    expect(score.outcome).to.equal('undetected');
    expect(score.ackAt).to.equal(null);
    expect(score.timeToMitigateMs).to.equal(null);
    expect(score.score).to.equal(0);
    rmSync(s.dir, { recursive: true, force: true });
  });

  it('an action after which failures rise and a new alert fires made things worse', async () => {
    const s = session();
    await to(s, 30);
    await s.trainee.act({ op: 'scale', workload: { namespace: 'payments', name: 'payments-api' }, replicas: 0 });
    const events = timeline(
      seconds('o'.repeat(10) + 's'.repeat(20) + 'x'.repeat(40)),
      inject(10),
      alert('MeshHigh5xxRatio', 'firing', 45),
      s.emitted,
    );
    const m = measure(events, spec());
    const score = scoreTraining({ timeline: events, training: s.trainee.log.events, truth, measurements: m, expert: [] });
    expect(score.harmfulActions.map((h) => h.why)).to.deep.equal([
      'failed requests rose from 0.0% to 50.0% in the 30 s after it',
      'MeshHigh5xxRatio fired within 60 s after it, and had not fired before it',
    ]);
    expect(score.outcome).to.equal('detected');
    rmSync(s.dir, { recursive: true, force: true });
  });
});
