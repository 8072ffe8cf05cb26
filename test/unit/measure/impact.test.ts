import { expect } from 'chai';
import { measure } from '../../../src/measure/measure.js';
import { alert, at, inject, seconds, sli, spec, timeline } from './timeline-builder.js';

describe('impact arithmetic', () => {
  const ok = { a: { requests: 50, failures: 0 }, b: { requests: 50, failures: 0 } };
  const events = timeline(
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => sli(s, 100, 0, 40, ok)),
    sli(10, 100, 30, 900, { a: { requests: 50, failures: 30 }, b: { requests: 50, failures: 0 } }),
    sli(11, 100, 10, 700, { a: { requests: 40, failures: 5 }, b: { requests: 40, failures: 5 }, c: { requests: 20, failures: 0 } }),
    sli(12, 100, 0, 600, ok),
    sli(13, 100, 0, 100, ok),
    [14, 15, 16, 17, 18, 19].map((s) => sli(s, 100, 0, 40, ok)),
    inject(10),
    alert('IstiodDown', 'firing', 11),
    alert('IstiodDown', 'resolved', 13.5),
  );
  const m = measure(events, spec({ objectives: { slo: { target: 0.995, maxBudgetBurn: 3 } } }));

  it('counts failures from t_inject to t_recovered', () => {
    expect(m.recovery.recoveredAt).to.equal(at(14));
    expect(m.impact.failedRequests.value).to.equal(40);
    expect(m.impact.requestsInRun.value).to.equal(2000);
  });

  it('error budget burned = failed ÷ ((1 − target) × requests in the run)', () => {
    // 40 / (0.005 × 2000) = 4
    expect(m.impact.errorBudgetBurned.value).to.be.closeTo(4, 1e-9);
    expect(m.objectives[2]).to.include({ name: 'error-budget', met: false, actual: m.impact.errorBudgetBurned.value });
  });

  it('p99 over the incident: worst second and median second', () => {
    // seconds 10..13: 900, 700, 600, 100 → worst 900, median (600 + 700) / 2
    expect(m.impact.p99WorstMs.value).to.equal(900);
    expect(m.impact.p99MedianMs.value).to.equal(650);
  });

  it('blast radius = namespaces with failures ÷ namespaces with requests', () => {
    expect(m.impact.namespaces).to.deep.equal(['a', 'b', 'c']);
    expect(m.impact.impactedNamespaces).to.deep.equal(['a', 'b']);
    expect(m.impact.blastRadius.value).to.be.closeTo(2 / 3, 1e-12);
  });

  it('without an SLO or namespace tags the figures are null with a reason', () => {
    const n = measure(timeline(seconds('oooooooooooxxoooooo'), inject(10)), spec());
    expect(n.impact.errorBudgetBurned).to.include({ value: null, reason: 'the scenario sets no SLO' });
    expect(n.impact.blastRadius).to.include({ value: null, reason: 'the load did not tag requests by namespace' });
  });
});
