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
    expect(m.ttdBreakdown!.fallBacks).to.equal(undefined);
  });

  it('shows a condition that fell back before `for` passed as its own part, counting only that instance’s holds since the fault', () => {
    const hold = (state: 'pending' | 'resolved', atS: number, activeS: number, labels: Record<string, string> = {}): TimelineEvent => ({
      kind: 'alert',
      at: at(atS),
      alert: 'MeshRbacDenied',
      state,
      labels,
      activeAt: at(activeS),
      heardAt: at(atS) + 5,
      source: 'prometheus',
    });
    const events = timeline(
      seconds('o'.repeat(40)),
      hold('pending', 30, 30), // held before the fault: not the fault's doing
      hold('resolved', 33, 30),
      inject(40),
      { kind: 'symptom', at: at(41), what: 'first failed request' },
      seconds('x'.repeat(50), 40),
      hold('pending', 43, 43, { workload: 'other' }), // another instance of the rule
      hold('pending', 44, 44),
      hold('resolved', 46, 44),
      hold('pending', 48, 48),
      hold('resolved', 49, 48),
      hold('pending', 51, 51),
      firing('MeshRbacDenied', 51, 81, 9),
    );
    const m = measure(events, s);
    const b = m.ttdBreakdown!;
    expect(b.parts.map((p) => [p.name, p.ms])).to.deep.equal([
      ['fault-to-symptom', 1000],
      ['symptom-to-condition', 3000],
      ['condition-fell-back', 7000],
      ['rule-for', 30_000],
      ['notification', 9],
    ]);
    expect(b.fallBacks).to.equal(2);
    expect(b.parts.slice(0, 4).reduce((t, p) => t + p.ms!, 0)).to.equal(m.ttd.value);
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
