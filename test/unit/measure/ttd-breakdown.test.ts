import { expect } from 'chai';
import { measure } from '../../../src/measure/measure.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { at, inject, seconds, spec, timeline } from './timeline-builder.js';

/** A firing heard `lagMs` after its instant, with Prometheus' activeAt. */
function firing(name: string, activeS: number, firingS: number, lagMs: number): TimelineEvent {
  return { kind: 'alert', at: at(firingS), alert: name, state: 'firing', labels: {}, activeAt: at(activeS), heardAt: at(firingS) + lagMs, source: 'prometheus' };
}

describe('TTD breakdown', () => {
  const s = spec({ detection: { expect: ['MeshRbacDenied'], deadlineMs: 120_000 } });

  it('splits TTD into fault → symptom → condition → for → notification, adding up to TTD', () => {
    const events = timeline(
      seconds('o'.repeat(40)),
      inject(40),
      { kind: 'symptom', at: at(41.5), what: 'first failed request' },
      seconds('x'.repeat(40), 40),
      firing('MeshRbacDenied', 44, 74, 9),
    );
    const m = measure(events, s);
    expect(m.ttd.value).to.equal(34_000);
    const parts = Object.fromEntries(m.ttdBreakdown!.parts.map((p) => [p.name, p.ms]));
    expect(parts).to.deep.equal({ 'fault-to-symptom': 1500, 'symptom-to-condition': 2500, 'rule-for': 30_000, notification: 9 });
    expect(parts['fault-to-symptom']! + parts['symptom-to-condition']! + parts['rule-for']!).to.equal(m.ttd.value);
    expect(m.ttdBreakdown!.symptom).to.deep.equal({ at: at(41.5), what: 'first failed request' });
  });

  it('uses a target event as the symptom when no request failed, and ignores the fault’s own actions', () => {
    const events = timeline(
      seconds('o'.repeat(40)),
      inject(40),
      { kind: 'target', at: at(40.2), reason: 'Killing', object: 'pod/istio-system/istiod-a', message: '' },
      { kind: 'target', at: at(43), reason: 'OOMKilled', object: 'pod/istio-system/istiod-b', message: '' },
      seconds('o'.repeat(40), 40),
      firing('MeshRbacDenied', 45, 45, 4),
    );
    const b = measure(events, s).ttdBreakdown!;
    expect(b.symptom?.what).to.equal('OOMKilled pod/istio-system/istiod-b');
    expect(b.parts.map((p) => p.ms)).to.deep.equal([3000, 2000, 0, 4]);
  });

  it('says what it cannot measure instead of guessing', () => {
    const events = timeline(seconds('o'.repeat(40)), inject(40), seconds('x'.repeat(20), 40), {
      kind: 'alert',
      at: at(50),
      alert: 'MeshRbacDenied',
      state: 'firing',
      labels: {},
      heardAt: at(50),
      source: 'alertmanager',
    });
    const b = measure(events, s).ttdBreakdown!;
    expect(b.parts.map((p) => p.ms)).to.deep.equal([null, null, null, 0]);
    expect(b.parts[1]!.reason).to.equal('Prometheus gave no activeAt for this alert');
  });

  it('is null without a detection', () => {
    expect(measure(timeline(seconds('o'.repeat(40)), inject(40), seconds('o'.repeat(20), 40)), s).ttdBreakdown).to.equal(null);
  });
});

describe('TTD breakdown with both sources', () => {
  it('reads activeAt from Prometheus even when Alertmanager’s notification of the same firing came first', () => {
    const s = spec({ detection: { expect: ['MeshRbacDenied'], deadlineMs: 120_000 } });
    const events = timeline(
      seconds('o'.repeat(40)),
      inject(40),
      seconds('x'.repeat(40), 40),
      { kind: 'alert', at: at(74), alert: 'MeshRbacDenied', state: 'firing', labels: {}, heardAt: at(74) + 3, source: 'alertmanager' },
      { kind: 'alert', at: at(74), alert: 'MeshRbacDenied', state: 'firing', labels: {}, activeAt: at(44), heardAt: at(74) + 7, source: 'prometheus' },
    );
    expect(measure(events, s).ttdBreakdown!.parts.map((p) => p.ms)).to.deep.equal([null, 4000, 30_000, 7]);
  });
});
