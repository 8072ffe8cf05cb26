import { expect } from 'chai';
import { LiveJudge } from '../../../src/measure/live-judge.js';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { alert, at, inject, seconds, spec, timeline } from './timeline-builder.js';

const down = (s: number): TimelineEvent => ({ kind: 'apiserver.unreachable', at: at(s), reason: 'connect ECONNREFUSED 127.0.0.1:6443' });
const up = (s: number): TimelineEvent => ({ kind: 'apiserver.reachable', at: at(s) });

describe('an unreachable API server: unknown, never recovered', () => {
  it('an incident does not recover inside the span: the confirming window starts after it', () => {
    // Failing 10..14, users fine again from 15, but the cluster cannot be read 16..26.
    const events = timeline(seconds('o'.repeat(10) + 'xxxxx' + 'o'.repeat(25)), inject(10), down(16), up(26));
    const m = measure(events, spec());
    expect(m.recovery.status).to.equal('recovered');
    expect(m.recovery.recoveredAt).to.equal(at(26));
    expect(m.observerGaps).to.deep.equal([
      { component: 'api-server', from: at(16), to: at(26), reason: 'the API server did not answer: connect ECONNREFUSED 127.0.0.1:6443' },
    ]);
    expect(m.warnings.some((w) => w.startsWith('the API server was unreachable for 10.0 s'))).to.equal(true);
    // The same timeline without the span recovers at 15: the span is what moves it.
    expect(
      measure(
        events.filter((e) => !e.kind.startsWith('apiserver.')),
        spec(),
      ).recovery.recoveredAt,
    ).to.equal(at(15));
  });

  it('a span that never closed leaves the run unrecovered, and the live judge says the cluster is not observable', () => {
    const events = timeline(seconds('o'.repeat(10) + 'xxxxx' + 'o'.repeat(25)), inject(10), down(14));
    expect(measure(events, spec()).recovery.status).to.equal('unrecovered');
    const judge = new LiveJudge(spec(), { lagMs: 1000 });
    expect(judge.observable(events, at(40))).to.equal(false);
    expect(judge.recoveredAt(events, at(10), at(40))).to.equal(null);
    expect(judge.steadyHeld(events, at(40), 5000)).to.equal(false);
    expect(judge.observable([...events, up(40)], at(40))).to.equal(true);
  });

  it('is no incident by itself, and with no alert fired detection is "unavailable", not a gap', () => {
    const events = timeline(seconds('o'.repeat(40)), inject(10), down(12), up(22));
    const m = measure(events, spec());
    expect(m.recovery.incidents).to.deep.equal([]);
    expect(m.detection.status).to.equal('unavailable');
    expect(m.detection.ttd.reason).to.match(/API server was unreachable/);
  });

  it('an expected alert that fired before the span is still a detection', () => {
    const events = timeline(
      seconds('o'.repeat(10) + 'xxxxx' + 'o'.repeat(25)),
      inject(10),
      alert('IstiodDown', 'firing', 11),
      down(16),
      up(20),
    );
    expect(measure(events, spec()).detection.status).to.equal('detected');
  });
});
