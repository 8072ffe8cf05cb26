/**
 * The runner with the judge real runs use (measure/live-judge.ts), so the
 * live decisions — steady, detected, recovered — are the measurement
 * engine's own, and a responder can be triggered by detection.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import { LiveJudge } from '../../../src/measure/live-judge.js';
import { measure } from '../../../src/measure/measure.js';
import { measureSpecOf } from '../../../src/run/execute.js';
import { runScenario, type RunOutcome } from '../../../src/run/runner.js';
import type { Scenario } from '../../../src/scenario/types.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { lowerLimit, MemoryTarget, testScenario, TickingObservers } from './support.js';

const ORIGINAL = 2 ** 31;
const ALERT = 'IstiodOOMKilled';

type Of<K extends TimelineEvent['kind']> = Extract<TimelineEvent, { kind: K }>;
const first = <K extends TimelineEvent['kind']>(
  events: TimelineEvent[],
  kind: K,
  pred: (e: Of<K>) => boolean = () => true,
): Of<K> | undefined => events.find((e): e is Of<K> => e.kind === kind && pred(e as Of<K>));

describe('runner with the live judge', () => {
  let dir: string;
  let clock: VirtualClock;
  let target: MemoryTarget;
  let observers: TickingObservers;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-runner-live-'));
    clock = new VirtualClock(Date.UTC(2026, 0, 1));
    target = new MemoryTarget(clock);
    observers = new TickingObservers(clock, target, { name: ALERT, afterBadSeconds: 3 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function drive(scenario: Scenario): Promise<RunOutcome> {
    let done = false;
    const p = runScenario({
      scenario,
      target,
      observers,
      faultFor: () => lowerLimit,
      judge: new LiveJudge(measureSpecOf(scenario), { steadyAlerts: observers.alertNames() }),
      clock,
      log: silentLogger(),
      runDir: dir,
      signal: new AbortController().signal,
      pollMs: 250,
    }).finally(() => (done = true));
    for (let i = 0; i < 10_000 && !done; i++) await clock.advance(250);
    return p;
  }

  const afterDetection = (delayMs: number): Scenario =>
    testScenario({
      recovery: { actions: [{ after: 'detection', delayMs, action: { kind: 'revert-fault', fault: 'oom' } }], deadlineMs: 60_000 },
    });

  it('runs a responder triggered by detection: it acts its delay after the expected alert fired, and the run recovers', async () => {
    const scenario = afterDetection(4000);
    const out = await drive(scenario);
    expect(out.end).to.deep.equal({ kind: 'recovered' });
    const inject = first(out.events, 'fault.inject')!;
    const fired = first(out.events, 'alert', (e) => e.state === 'firing')!;
    const action = first(out.events, 'action')!;
    // Three failing seconds after injection, then the alert; the responder waits for it, not for injection.
    expect(fired.at).to.be.greaterThan(inject.at);
    expect(action.at).to.equal(fired.at + 4000);
    expect(action).to.include({ by: 'responder', ok: true });
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
    expect(target.applied.map((o) => (o.op === 'set-memory-limit' ? o.limitBytes : o.op))).to.deep.equal([2 ** 29, ORIGINAL]);
    expect(out.steadyAfterRevert).to.equal(true);
    // What the runner decided live is what the measurement engine reports afterwards.
    const m = measure(out.events, measureSpecOf(scenario), { steadyAlerts: [ALERT], end: out.endedAt, ending: out.end });
    expect(m.detection.detectedAt).to.equal(fired.at);
    expect(m.recovery.recoveredAt).to.not.equal(null);
    expect(m.recovery.recoveredAt!).to.be.greaterThan(action.at - 1000);
  });

  it('never runs a detection-triggered responder when the expected alert does not fire, and still reverts the fault', async () => {
    observers = new TickingObservers(clock, target, { name: 'SomethingElse', afterBadSeconds: 3 });
    const scenario = afterDetection(1000);
    const out = await drive(scenario);
    expect(out.end.kind).to.equal('unrecovered');
    expect(out.events.some((e) => e.kind === 'action')).to.equal(false);
    expect(first(out.events, 'alert', (e) => e.state === 'firing')?.alert).to.equal('SomethingElse');
    expect(out.faults[0]).to.include({ name: 'oom', revertOk: true });
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });

  it('holds the injection until steady state, judged by the engine, has held for its window', async () => {
    const t0 = clock.now();
    const out = await drive(testScenario());
    expect(out.end).to.deep.equal({ kind: 'recovered' });
    const inject = first(out.events, 'fault.inject')!;
    // The window is 5 s of judged seconds; the fault is 2 s after steady state.
    expect(inject.at - t0).to.be.within(5000 + 2000, 5000 + 2000 + 2000);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });
});
