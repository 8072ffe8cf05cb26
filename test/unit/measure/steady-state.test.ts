import { expect } from 'chai';
import { evaluateSteadyState, SteadyStateTracker } from '../../../src/measure/steady-state.js';
import { alert, at, seconds, sli, spec } from './timeline-builder.js';

const steady = spec().steadyState;

describe('steady-state hypothesis', () => {
  it('judges each second on success rate, p99 and firing alerts', () => {
    const t = new SteadyStateTracker({ spec: steady });
    for (const e of [sli(0, 100, 1, 50), sli(1, 100, 2, 50), sli(2, 100, 0, 501), sli(3, 100, 0, 500)]) t.push(e);
    t.push(alert('Any', 'firing', 3.9));
    expect(t.verdict(at(0)).breaks).to.deep.equal([]);
    expect(t.verdict(at(1)).breaks).to.deep.equal(['success-rate']);
    expect(t.verdict(at(2)).breaks).to.deep.equal(['p99']);
    expect(t.verdict(at(3)).breaks).to.deep.equal(['alert']);
    expect(t.verdict(at(4)).breaks).to.deep.equal(['no-data', 'alert']);
  });

  it('counts only the alerts it is told to count', () => {
    const t = new SteadyStateTracker({ spec: steady, alerts: ['IstiodDown'] });
    for (const e of [...seconds('oo'), alert('Unrelated', 'firing', 0)]) t.push(e);
    expect(t.verdict(at(1)).holds).to.equal(true);
    t.push(alert('IstiodDown', 'firing', 1.5));
    expect(t.verdict(at(1)).holds).to.equal(false);
  });

  it('a second with zero completed requests is a data gap', () => {
    const t = new SteadyStateTracker({ spec: steady });
    t.push(sli(0, 0, 0, null));
    expect(t.verdict(at(0)).breaks).to.deep.equal(['no-data']);
  });

  it('holdsSince walks back to the last second that did not hold', () => {
    const t = new SteadyStateTracker({ spec: steady });
    for (const e of seconds('ooxoooo')) t.push(e);
    expect(t.holdsSince()).to.equal(at(3));
    expect(t.held(4000)).to.equal(true);
    expect(t.held(4001)).to.equal(false);
  });

  it('live: a second that never arrived counts against the window once the lag has passed', () => {
    const t = new SteadyStateTracker({ spec: steady, lagMs: 2000 });
    for (const e of seconds('ooooo')) t.push(e);
    // seconds 0..4 arrived; at T+6.5 s second 5 is not yet overdue (lag 2 s)
    expect(t.holdsSince(at(6.5))).to.equal(at(0));
    // at T+8 s second 5 is overdue: a gap, so nothing holds now
    expect(t.holdsSince(at(8))).to.equal(null);
  });

  it('an alert heard firing after the last SLI second breaks the hypothesis at once', () => {
    const t = new SteadyStateTracker({ spec: steady });
    for (const e of seconds('oooooo')) t.push(e);
    t.push(alert('IstiodDown', 'firing', 10));
    expect(t.holdsSince()).to.equal(null);
    t.push(alert('IstiodDown', 'resolved', 11));
    expect(t.holdsSince()).to.equal(at(0));
  });

  it('post-hoc evaluation counts gaps and finds the first full window', () => {
    const ev = evaluateSteadyState(seconds('oo.oooxooooo'), { spec: steady });
    expect(ev.seconds).to.have.length(12);
    expect(ev.dataGaps).to.equal(1);
    expect(ev.firstHeldAt).to.equal(at(7));
  });

  it('merges two events for one second', () => {
    const t = new SteadyStateTracker({ spec: steady });
    t.push(sli(0, 60, 0, 40));
    t.push(sli(0.5, 40, 2, 70));
    const v = t.verdict(at(0));
    expect([v.requests, v.failures, v.p99Ms, v.successRate]).to.deep.equal([100, 2, 70, 0.98]);
  });
});
