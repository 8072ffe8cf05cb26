import { expect } from 'chai';
import { LiveJudge } from '../../../src/measure/live-judge.js';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { alert, at, inject, seconds, spec, timeline } from './timeline-builder.js';

describe('LiveJudge', () => {
  const all = timeline(
    seconds('oooooooooo' + 'xxxxx' + 'oooooooooo'),
    inject(10),
    alert('IstiodDown', 'firing', 12),
    alert('IstiodDown', 'resolved', 14.5),
  );

  it('answers from the events recorded so far, folding in only new ones', () => {
    const judge = new LiveJudge(spec(), { lagMs: 1000 });
    const events: TimelineEvent[] = [];
    const feedUntil = (s: number): void => {
      for (const e of all) if (e.at < at(s) && !events.includes(e)) events.push(e);
    };
    feedUntil(8);
    expect(judge.steadySince(events, at(8))).to.equal(at(0));
    expect(judge.steadyHeld(events, at(8), 5000)).to.equal(true);
    feedUntil(13);
    expect(judge.steadySince(events, at(13))).to.equal(null);
    expect(judge.detectedAt(events, at(10))).to.equal(at(12));
    // seconds 8..11: two good, two failing half their 100 requests
    expect(judge.errorRate(events, at(12), 4000)).to.equal(100 / 400);
    feedUntil(19);
    expect(judge.recoveredAt(events, at(10), at(19))).to.equal(null);
    feedUntil(21);
    expect(judge.recoveredAt(events, at(10), at(21))).to.equal(at(15));
  });

  it('agrees with the post-hoc measurement', () => {
    const judge = new LiveJudge(spec());
    const m = measure(all, spec());
    expect(judge.recoveredAt(all, at(10), at(25))).to.equal(m.recovery.recoveredAt);
    expect(judge.detectedAt(all, at(10))).to.equal(m.detection.detectedAt);
  });
});
