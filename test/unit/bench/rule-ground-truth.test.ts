import { expect } from 'chai';
import { baselineRuleFiles } from '../../../src/observe/local-observers.js';
import { parseRatioRule, ratioRuleOf, RuleGroundTruth, type RequestCounts } from '../../../bench/rule-ground-truth.js';

const WORKLOAD = { destination_workload_namespace: 'team-1', destination_workload: 'api' };
const series = (reporter: string, code: string): string =>
  `reporter="${reporter}",destination_workload="api",destination_workload_namespace="team-1",response_code="${code}",response_flags="-"`;

describe('the TTD ground truth of a ratio rule on exact counts', () => {
  it('reads window, threshold, matchers and grouping from the baseline MeshRbacDenied', () => {
    const rule = ratioRuleOf('MeshRbacDenied', baselineRuleFiles());
    expect(rule.windowMs).to.equal(60_000);
    expect(rule.threshold).to.equal(0.05);
    expect(rule.numerator).to.deep.equal({ reporter: 'destination', response_code: '403', response_flags: '-' });
    expect(rule.denominator).to.deep.equal({ reporter: 'destination' });
    expect(rule.by).to.deep.equal(['destination_workload_namespace', 'destination_workload']);
  });

  it('refuses a rule of another shape instead of measuring against a stale copy', () => {
    expect(() => parseRatioRule('X', 'sum(rate(istio_requests_total[1m])) > 1', 0)).to.throw(/no longer has the shape/);
    const regex = 'sum by (a) (rate(istio_requests_total{code=~"4.."}[1m])) / sum by (a) (rate(istio_requests_total{}[1m])) > 0.1';
    expect(() => parseRatioRule('X', regex, 0)).to.throw(/only label="value" matchers/);
    const windows = 'sum by (a) (rate(istio_requests_total{b="1"}[1m])) / sum by (a) (rate(istio_requests_total{}[5m])) > 0.1';
    expect(() => parseRatioRule('X', windows, 0)).to.throw(/different windows/);
  });

  it('finds the first sample at which the denied share over the window passed the threshold', () => {
    let now = 0;
    let ok = 0;
    let denied = 0;
    const counts: RequestCounts = {
      forEachRequestCount(visit) {
        visit(series('destination', '200'), ok);
        if (denied > 0) visit(series('destination', '403'), denied);
        visit(series('source', '403'), denied * 10); // another reporter: not the rule's
      },
    };
    const truth = new RuleGroundTruth(ratioRuleOf('MeshRbacDenied', baselineRuleFiles()), counts, {
      now: () => now,
      sleep: async () => {},
    });
    truth.sample();
    // 100 requests/s for 5 s, then every request denied: 27 / (499 + 27) is the first share above 5%.
    for (now = 10; now <= 20_000; now += 10) {
      if (now < 5000) ok++;
      else denied++;
      truth.sample();
    }
    expect(truth.firstConditionAt(WORKLOAD, 0)).to.deep.equal({ at: 5260, lateByAtMostMs: 10 });
    expect(truth.firstConditionAt({ ...WORKLOAD, destination_workload: 'other' }, 0)).to.equal(undefined);
  });
});
