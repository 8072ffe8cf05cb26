import { expect } from 'chai';
import type { Judge } from '../../../src/run/judge.js';
import { observeStep, type ObserveInput } from '../../../src/run/observe-step.js';
import { testScenario } from './support.js';

/** The judge's answers, fixed: the decision is a function of them and the clock. */
const answers = (a: {
  errorRate?: number | null;
  recoveredAt?: number | null;
  impact?: boolean;
  detectedAt?: number | null;
  observable?: boolean;
}): Judge => ({
  steadyHeld: () => true,
  detectedAt: () => a.detectedAt ?? null,
  errorRate: () => a.errorRate ?? null,
  recoveredAt: () => a.recoveredAt ?? null,
  impactSeen: () => a.impact ?? true,
  observable: () => a.observable ?? true,
});

const T = 1_000_000;
const input = (over: Partial<ObserveInput>): ObserveInput => ({
  spec: testScenario().spec,
  judge: answers({}),
  events: [],
  now: T + 10_000,
  startedAt: T - 10_000,
  tInject: T,
  responderSettled: true,
  ...over,
});

describe('observe step', () => {
  it('keeps watching while nothing decides the run', () => {
    expect(observeStep(input({}))).to.deep.equal({ kind: 'watch' });
  });

  it('ends as recovered at the confirming window, but only once the responder has settled', () => {
    const judge = answers({ recoveredAt: T + 8000, detectedAt: T + 2000 });
    expect(observeStep(input({ judge, responderSettled: false }))).to.deep.equal({ kind: 'watch' });
    expect(observeStep(input({ judge }))).to.deep.equal({ kind: 'end', end: { kind: 'recovered' }, abort: false, recoveredAt: T + 8000 });
  });

  it('gives detection its whole deadline before a recovery ends the run', () => {
    const judge = answers({ recoveredAt: T + 8000 });
    expect(observeStep(input({ judge, now: T + 10_000 }))).to.deep.equal({ kind: 'watch' });
    const deadline = testScenario().spec.detection.deadlineMs;
    expect(observeStep(input({ judge, now: T + deadline }))).to.deep.equal({
      kind: 'end',
      end: { kind: 'recovered' },
      abort: false,
      recoveredAt: T + 8000,
    });
  });

  it('ends as recovered with no recovery instant when the fault hurt no one by the detection deadline', () => {
    const judge = answers({ impact: false });
    expect(observeStep(input({ judge }))).to.deep.equal({ kind: 'watch' });
    expect(observeStep(input({ judge, now: T + 20_000 }))).to.deep.include({ kind: 'end', recoveredAt: null });
  });

  it('aborts on the error rate only once a whole window lies after injection', () => {
    const spec = testScenario({ abort: { maxErrorRate: 0.5, windowMs: 3000, maxRunTimeMs: 600_000 } }).spec;
    const judge = answers({ errorRate: 0.8 });
    expect(observeStep(input({ spec, judge, now: T + 2999 }))).to.deep.equal({ kind: 'watch' });
    const next = observeStep(input({ spec, judge, now: T + 3000 }));
    expect(next).to.deep.include({ kind: 'end', abort: true });
    if (next.kind === 'end' && next.end.kind === 'aborted') expect(next.end.reason).to.contain('error rate 80.0%');
  });

  it('aborts at the maximum run time, before judging recovery', () => {
    const judge = answers({ recoveredAt: T + 1000 });
    const next = observeStep(input({ judge, now: T - 10_000 + 600_000 }));
    expect(next).to.deep.equal({
      kind: 'end',
      end: { kind: 'aborted', reason: 'maximum run time 600000 ms reached' },
      abort: true,
      recoveredAt: null,
    });
  });

  it('never ends as recovered while the cluster cannot be read (API server unreachable), with or without impact', () => {
    for (const judge of [
      answers({ recoveredAt: T + 8000, detectedAt: T + 2000, observable: false }),
      answers({ impact: false, observable: false }),
    ])
      expect(observeStep(input({ judge, now: T + 20_000 }))).to.deep.equal({ kind: 'watch' });
  });

  it('ends as unrecovered at the recovery deadline', () => {
    const next = observeStep(input({ now: T + 60_000 }));
    expect(next).to.deep.include({ kind: 'end', abort: false });
    if (next.kind === 'end') expect(next.end.kind).to.equal('unrecovered');
  });
});
