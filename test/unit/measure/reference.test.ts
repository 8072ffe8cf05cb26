import { expect } from 'chai';
import { compareReference } from '../../../src/measure/reference.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import type { ReferenceTimeline } from '../../../src/scenario/types.js';

const T = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const target = (s: number, reason: string, object: string): TimelineEvent => ({ kind: 'target', at: T + s * 1000, reason, object, message: '' });

describe('reference timeline', () => {
  const reference: ReferenceTimeline = {
    source: 'the article',
    steps: [
      { atMs: 5 * MIN, event: 'istiod OOMKilled', match: { kind: 'target', reason: 'OOMKilled', object: 'istiod' } },
      { atMs: 8 * MIN, event: 'rollback', match: { kind: 'action', text: 'revert' } },
      { atMs: 22 * MIN, event: 'last 503', match: { kind: 'symptom', occurrence: 'last' } },
      { atMs: 30 * MIN, event: 'never happens', match: { kind: 'alert', alert: 'Nope' } },
    ],
  };

  it('matches each step to its event and compares in scenario time (wall × scale)', () => {
    const events: TimelineEvent[] = [
      target(-3, 'OOMKilled', 'pod/istio-system/istiod-old'),
      { kind: 'fault.inject', at: T, fault: 'upgrade', type: 'inplace-upgrade', operations: [] },
      target(4, 'OOMKilled', 'pod/users/frontend-1'),
      target(5.25, 'OOMKilled', 'pod/istio-system/istiod-1-13'),
      { kind: 'action', at: T + 8_000, by: 'responder', action: 'revert fault upgrade', ok: true },
      { kind: 'symptom', at: T + 6_000, what: 'first failed request' },
      { kind: 'symptom', at: T + 20_500, what: 'first failed request' },
    ];
    const c = compareReference(events, T, 60, reference);
    expect(c.source).to.equal('the article');
    expect(c.rows.map((r) => [r.measuredMs, r.deltaMs])).to.deep.equal([
      [5.25 * MIN, 0.25 * MIN],
      [8 * MIN, 0],
      [20.5 * MIN, -1.5 * MIN],
      [null, null],
    ]);
    expect(c.rows[0]!.matched).to.equal('OOMKilled pod/istio-system/istiod-1-13');
  });

  it('matches nothing before injection, or when nothing was injected', () => {
    const events = [target(-1, 'OOMKilled', 'istiod')];
    expect(compareReference(events, T, 1, reference).rows[0]!.measuredMs).to.equal(null);
    expect(compareReference(events, null, 1, reference).rows.every((r) => r.measuredMs === null)).to.equal(true);
  });
});
