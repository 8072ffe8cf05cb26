import { expect } from 'chai';
import { measure } from '../../../src/measure/measure.js';
import { action, alert, at, inject, revert, seconds, spec, timeline, unavailable } from './timeline-builder.js';

const o = (n: number): string => 'o'.repeat(n);
const x = (n: number): string => 'x'.repeat(n);

describe('measure', () => {
  describe('clean detection and recovery', () => {
    const events = timeline(
      seconds(o(10) + x(10) + o(20)),
      inject(10),
      alert('IstiodDown', 'pending', 12),
      alert('IstiodDown', 'firing', 15),
      alert('IstiodDown', 'resolved', 21.5),
      action(17),
      revert(17),
    );
    const m = measure(events, spec({ objectives: { ttdMs: 30_000, ttrMs: 60_000, slo: { target: 0.99, maxBudgetBurn: 20 } } }));

    it('measures t_inject, TTD, TTM and TTR', () => {
      expect(m.tInject).to.equal(at(10));
      expect(m.ttd.value).to.equal(5000);
      expect(m.detection.detectedBy?.alert).to.equal('IstiodDown');
      expect(m.ttm.value).to.equal(7000);
      // seconds 20 and 21 have good SLIs but the expected alert fires until 21.5: recovery starts at 22
      expect(m.recovery.onsetAt).to.equal(at(10));
      expect(m.recovery.recoveredAt).to.equal(at(22));
      expect(m.ttr.value).to.equal(12_000);
      expect(m.recovery.relapses).to.equal(0);
    });

    it('measures impact over [t_inject, t_recovered)', () => {
      expect(m.impact.window).to.deep.equal({ from: at(10), to: at(22) });
      expect(m.impact.failedRequests.value).to.equal(500);
      expect(m.impact.requestsInRun.value).to.equal(4000);
      // 500 / ((1 − 0.99) × 4000)
      expect(m.impact.errorBudgetBurned.value).to.be.closeTo(12.5, 1e-9);
      expect(m.impact.p99WorstMs.value).to.equal(900);
      expect(m.impact.p99MedianMs.value).to.equal(900);
    });

    it('reaches steady state before injection and decides "met"', () => {
      expect(m.steadyState.reached).to.equal(true);
      expect(m.steadyState.reachedAt).to.equal(at(0));
      expect(m.steadyState.dataGaps.value).to.equal(0);
      expect(m.objectives.map((ob) => [ob.name, ob.met])).to.deep.equal([
        ['ttd', true],
        ['ttr', true],
        ['error-budget', true],
      ]);
      expect(m.verdict).to.equal('met');
      expect(m.warnings).to.deep.equal([]);
    });

    it('carries a definition with every figure', () => {
      for (const f of [
        m.ttd,
        m.ttm,
        m.ttr,
        m.impact.failedRequests,
        m.impact.errorBudgetBurned,
        m.impact.p99WorstMs,
        m.impact.blastRadius,
        m.steadyState.dataGaps,
      ]) {
        expect(f.definition).to.be.a('string').with.length.greaterThan(20);
      }
    });

    it('per fault: one fault, same figures', () => {
      expect(m.faults).to.have.length(1);
      expect(m.faults[0]).to.include({ name: 'oom', type: 'istiod-oom', tInject: at(10), revertedAt: at(17), revertOk: true });
      expect(m.faults[0]!.ttd.value).to.equal(5000);
      expect(m.faults[0]!.ttr.value).to.equal(12_000);
    });
  });

  describe('an expected alert already firing before injection', () => {
    const base = [seconds(o(10) + x(10) + o(30)), inject(10), alert('IstiodDown', 'firing', 5)];
    const s = spec({ steadyState: {} });

    it('is not a detection while it keeps firing', () => {
      const m = measure(timeline(...base), s, { steadyAlerts: [] });
      expect(m.detection.firingBeforeInjection).to.deep.equal(['IstiodDown']);
      expect(m.detection.status).to.equal('gap');
      expect(m.ttd.value).to.equal(null);
      expect(m.recovery.onsetAt).to.equal(at(10));
      expect(m.recovery.onsetCauses).to.deep.equal(['success-rate', 'p99', 'expected-alert']);
      expect(m.ttr.value).to.equal(null);
      expect(m.verdict).to.equal('missed');
      expect(m.warnings).to.include('IstiodDown was already firing before injection: not counted as detection');
    });

    it('is itself an onset when the SLIs stay good', () => {
      const m = measure(
        timeline(seconds(o(40)), inject(10.3), alert('IstiodDown', 'firing', 5), alert('IstiodDown', 'resolved', 12.5)),
        s,
        { steadyAlerts: [] },
      );
      expect(m.recovery.onsetAt).to.equal(at(10.3));
      expect(m.recovery.onsetCauses).to.deep.equal(['expected-alert']);
      expect(m.recovery.recoveredAt).to.equal(at(13));
      expect(m.ttr.value).to.equal(2700);
    });

    it('counts the new firing after it resolved', () => {
      const m = measure(
        timeline(...base, alert('IstiodDown', 'resolved', 11), alert('IstiodDown', 'firing', 14), alert('IstiodDown', 'resolved', 19)),
        s,
        { steadyAlerts: [] },
      );
      expect(m.detection.status).to.equal('detected');
      expect(m.ttd.value).to.equal(4000);
      expect(m.ttr.value).to.equal(10_000);
    });
  });

  it('flapping alert: TTD from the first firing, cycles counted', () => {
    const m = measure(
      timeline(
        seconds(o(10) + x(10) + o(20)),
        inject(10),
        alert('IstiodDown', 'firing', 15),
        alert('IstiodDown', 'resolved', 17),
        alert('IstiodDown', 'firing', 18),
        alert('IstiodDown', 'resolved', 19),
        alert('IstiodDown', 'firing', 19.5),
        alert('IstiodDown', 'resolved', 21),
        // a repeated report of the same state is not a transition
        alert('IstiodDown', 'resolved', 21.2),
      ),
      spec(),
    );
    expect(m.ttd.value).to.equal(5000);
    const a = m.alerts.find((s) => s.alert === 'IstiodDown')!;
    expect([a.firings, a.flaps, a.firstFiringAt]).to.deep.equal([3, 2, at(15)]);
    expect(m.warnings).to.include('IstiodDown flapped 2 time(s)');
    expect(m.ttr.value).to.equal(11_000);
  });

  it('recovery then relapse: both recoveries reported, TTR from the first', () => {
    const m = measure(timeline(seconds(o(10) + x(5) + o(8) + x(3) + o(10)), inject(10)), spec());
    expect(m.ttr.value).to.equal(5000);
    expect(m.recovery.incidents.map((i) => [i.onsetAt - at(0), (i.recoveredAt ?? 0) - at(0)])).to.deep.equal([
      [10_000, 15_000],
      [23_000, 26_000],
    ]);
    expect(m.recovery.relapses).to.equal(1);
    expect(m.impact.failedRequests.value).to.equal(400);
    expect(m.impact.window).to.deep.equal({ from: at(10), to: at(26) });
    expect(m.verdict).to.equal('missed'); // detection gap: no alert fired
  });

  it('a relapse that never recovers makes the run "missed" even though TTR was measured', () => {
    const m = measure(
      timeline(seconds(o(10) + x(5) + o(6) + x(20)), inject(10), alert('IstiodDown', 'firing', 11), alert('IstiodDown', 'resolved', 14)),
      spec(),
    );
    expect(m.ttr.value).to.equal(5000);
    expect(m.recovery.relapseUnrecovered).to.equal(true);
    expect(m.verdict).to.equal('missed');
    expect(m.ttr.reason).to.equal(
      'relapsed 11000 ms after injection and did not recover again: the run ended 31000 ms after injection, before recovery was confirmed',
    );
  });

  it('a gap in the SLI data inside the window delays recovery', () => {
    const m = measure(
      timeline(seconds(o(10) + x(5) + 'ooo.ooooooo'), inject(10), alert('IstiodDown', 'firing', 12), alert('IstiodDown', 'resolved', 14)),
      spec(),
    );
    expect(m.steadyState.dataGaps.value).to.equal(1);
    expect(m.recovery.recoveredAt).to.equal(at(19));
    expect(m.ttr.value).to.equal(9000);
    expect(m.warnings).to.include('1 second(s) without SLI data: the hypothesis could not be confirmed for them');
  });

  it('steady state never reached: not-steady, nothing measured', () => {
    const m = measure(timeline(seconds('oooxoooxoooxooo')), spec());
    expect(m.steadyState.reached).to.equal(false);
    expect(m.tInject).to.equal(null);
    expect(m.verdict).to.equal('not-steady');
    expect(m.verdictReason).to.equal('the steady-state hypothesis never held for its window; no fault was injected');
    expect(m.ttd.value).to.equal(null);
    expect(m.ttr.value).to.equal(null);
    expect(m.ttr.reason).to.equal('no fault was injected');
  });

  it('the runner’s ending wins over what the timeline suggests', () => {
    const m = measure(timeline(seconds('ooo')), spec(), {
      ending: { kind: 'not-steady', reason: 'did not hold for 5000 ms within 60000 ms' },
    });
    expect([m.verdict, m.verdictReason]).to.deep.equal(['not-steady', 'did not hold for 5000 ms within 60000 ms']);
  });

  it('detection gap lists expected-never-fired and fired-but-unexpected alerts', () => {
    const m = measure(
      timeline(
        seconds(o(10) + x(10) + o(70)),
        inject(10),
        alert('HighLatency', 'firing', 13),
        alert('HighLatency', 'resolved', 16),
        alert('IstiodDown', 'firing', 75),
        alert('IstiodDown', 'resolved', 76),
      ),
      spec({ detection: { expect: ['IstiodDown', 'PilotPushErrors'] } }),
    );
    expect(m.detection.status).to.equal('gap');
    expect(m.detection.expectedNeverFired).to.deep.equal(['IstiodDown', 'PilotPushErrors']);
    expect(m.detection.firedUnexpected).to.deep.equal(['HighLatency']);
    expect(m.detection.lateFiring?.at).to.equal(at(75));
    expect(m.ttd.reason).to.equal(
      'detection gap: no expected alert fired within 60000 ms of injection (IstiodDown fired 65000 ms after injection)',
    );
    expect(m.ttr.value).to.equal(10_000);
    expect(m.objectives.find((ob) => ob.name === 'ttd')).to.include({ met: false, status: 'missed' });
    expect(m.verdict).to.equal('missed');
  });

  it('detection unavailable is unknown, never "no alert"', () => {
    const m = measure(timeline(seconds(o(10) + x(10) + o(70)), inject(10), unavailable(11, 50)), spec());
    expect(m.detection.status).to.equal('unavailable');
    expect(m.ttd.value).to.equal(null);
    expect(m.ttd.reason).to.equal('detection unknown: prometheus unreachable');
    expect(m.objectives.find((ob) => ob.name === 'ttd')).to.include({ met: false, status: 'unknown' });
    expect(m.verdict).to.equal('error');
  });

  it('a firing seen after an unavailable span gives TTD as an upper bound', () => {
    const m = measure(
      timeline(
        seconds(o(10) + x(10) + o(20)),
        inject(10),
        unavailable(11, 13),
        alert('IstiodDown', 'firing', 14),
        alert('IstiodDown', 'resolved', 19),
      ),
      spec(),
    );
    expect(m.detection.status).to.equal('detected');
    expect(m.ttd.value).to.equal(4000);
    expect(m.detection.upperBound).to.equal(true);
    expect(m.verdict).to.equal('met');
  });

  it('two faults: scenario figures from the first injection, per-fault figures from each', () => {
    const m = measure(
      timeline(
        seconds(o(10) + x(5) + o(15) + x(5) + o(15)),
        inject(10, 'oom'),
        inject(30, 'deny', 'deny-policy'),
        alert('IstiodDown', 'firing', 12),
        alert('IstiodDown', 'resolved', 14.9),
        alert('IstiodDown', 'firing', 33),
        alert('IstiodDown', 'resolved', 34.9),
      ),
      spec(),
    );
    expect([m.tInject, m.ttd.value, m.ttr.value]).to.deep.equal([at(10), 2000, 5000]);
    expect(m.recovery.relapses).to.equal(1);
    const [f1, f2] = m.faults;
    expect([f1!.name, f1!.ttd.value, f1!.ttr.value]).to.deep.equal(['oom', 2000, 5000]);
    expect([f2!.name, f2!.type, f2!.ttd.value, f2!.ttr.value]).to.deep.equal(['deny', 'deny-policy', 3000, 5000]);
    expect(f2!.revertOk).to.equal(null);
  });

  it('no observable impact: flagged, TTR 0, nothing to detect', () => {
    const m = measure(timeline(seconds(o(40)), inject(10)), spec());
    expect(m.recovery.status).to.equal('no-impact');
    expect(m.ttr.value).to.equal(0);
    expect(m.detection.status).to.equal('no-impact');
    expect(m.impact.failedRequests.value).to.equal(0);
    expect(m.warnings).to.include('no observable impact: the hypothesis held and no expected alert fired after injection');
    expect(m.verdict).to.equal('met');
    expect(m.verdictReason).to.equal('no observable impact; every objective met');
  });

  it('unrecovered by the deadline: TTR null with the reason, impact to the end', () => {
    const m = measure(
      timeline(seconds(o(10) + x(40)), inject(10), alert('IstiodDown', 'firing', 12)),
      spec({ recovery: { deadlineMs: 20_000 } }),
    );
    expect(m.ttr.value).to.equal(null);
    expect(m.ttr.reason).to.equal('not recovered within the recovery deadline (20000 ms after injection)');
    expect(m.recovery.horizon).to.deep.equal({ at: at(30), why: 'deadline' });
    expect(m.impact.failedRequests.value).to.equal(2000);
    expect(m.objectives.find((ob) => ob.name === 'ttr')).to.include({ met: false, status: 'missed' });
    expect(m.verdict).to.equal('missed');
  });

  it('recovery only after the harness reverted is not recovery', () => {
    const m = measure(
      timeline(seconds(o(10) + x(20) + o(20)), inject(10), alert('IstiodDown', 'firing', 12), alert('IstiodDown', 'resolved', 29), {
        kind: 'phase',
        at: at(30),
        phase: 'revert',
      }),
      spec(),
    );
    expect(m.ttr.value).to.equal(null);
    expect(m.ttr.reason).to.equal('not recovered before the harness reverted the faults (20000 ms after injection)');
  });

  it('objectives met and missed, with limit, actual and reason', () => {
    const m = measure(
      timeline(seconds(o(10) + x(10) + o(20)), inject(10), alert('IstiodDown', 'firing', 15), alert('IstiodDown', 'resolved', 19)),
      spec({ objectives: { ttdMs: 4000, ttrMs: 10_000, maxFailedRequests: 499 } }),
    );
    expect(m.objectives).to.deep.equal([
      {
        name: 'ttd',
        limit: 4000,
        unit: 'ms',
        actual: 5000,
        met: false,
        status: 'missed',
        reason: 'IstiodDown fired 5000 ms after injection, over the limit of 4000 ms',
      },
      {
        name: 'ttr',
        limit: 10_000,
        unit: 'ms',
        actual: 10_000,
        met: true,
        status: 'met',
        reason: 'recovered 10000 ms after injection (limit 10000 ms)',
      },
      {
        name: 'max-failed-requests',
        limit: 499,
        unit: 'requests',
        actual: 500,
        met: false,
        status: 'missed',
        reason: 'failed requests 500 over the limit of 499',
      },
    ]);
    expect(m.verdict).to.equal('missed');
  });

  it('aborted and errored runs say so before any objective', () => {
    const events = timeline(seconds(o(10) + x(10)), inject(10), { kind: 'abort', at: at(15), reason: 'error rate 50.0% over 5000 ms' });
    expect(measure(events, spec()).verdict).to.equal('aborted');
    expect(measure(events, spec(), { ending: { kind: 'error', error: 'k6 crashed' } }).verdictReason).to.equal('k6 crashed');
  });

  it('TTM ignores harness actions and failed attempts', () => {
    const m = measure(
      timeline(seconds(o(10) + x(10) + o(10)), inject(10), action(11, 'harness'), action(12, 'trainee', false), action(14, 'trainee')),
      spec(),
    );
    expect(m.ttm.value).to.equal(4000);
    expect(m.mitigation.actions).to.have.length(2);
  });
});
