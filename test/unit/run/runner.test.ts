import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { TimelineEvent } from '../../../src/timeline.js';
import { pendingUndos, readJournal } from '../../../src/run/journal.js';
import { replayUndos } from '../../../src/run/mutator.js';
import { runScenario, type RunOutcome } from '../../../src/run/runner.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { lowerLimit, MemoryTarget, secondsJudge, testScenario, TickingObservers } from './support.js';

const ORIGINAL = 2 ** 31;

describe('runner', () => {
  let dir: string;
  let clock: VirtualClock;
  let target: MemoryTarget;
  let observers: TickingObservers;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-runner-'));
    clock = new VirtualClock(Date.UTC(2026, 0, 1));
    target = new MemoryTarget(clock);
    observers = new TickingObservers(clock, target);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function drive(scenario: Scenario, opts: { signal?: AbortSignal; onTick?: (t: number) => void } = {}): Promise<RunOutcome> {
    let done = false;
    const p = runScenario({
      scenario,
      target,
      observers,
      faultFor: () => lowerLimit,
      judge: secondsJudge(scenario.spec.steadyState.windowMs),
      clock,
      log: silentLogger(),
      runDir: dir,
      signal: opts.signal ?? new AbortController().signal,
      pollMs: 250,
    }).finally(() => (done = true));
    for (let i = 0; i < 10_000 && !done; i++) {
      await clock.advance(250);
      opts.onTick?.(clock.now());
    }
    return p;
  }

  const kinds = (events: TimelineEvent[]) => events.map((e) => (e.kind === 'phase' ? `phase:${e.phase}` : e.kind));

  it('injects after steady state, lets the responder revert, confirms recovery, and reverts nothing twice', async () => {
    const t0 = clock.now();
    const out = await drive(testScenario());
    expect(out.end).to.deep.equal({ kind: 'recovered' });
    const inject = out.events.find((e) => e.kind === 'fault.inject');
    // The 5 s window holds once five clean seconds are reported (at t0+5s); the fault comes 2 s later.
    expect(inject?.at).to.equal(t0 + 5000 + 2000);
    const action = out.events.find((e) => e.kind === 'action');
    expect(action?.at).to.equal(t0 + 7000 + 10_000);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
    // One mutation and exactly one undo reached the target.
    expect(target.applied.map((o) => (o.op === 'set-memory-limit' ? o.limitBytes : o.op))).to.deep.equal([2 ** 29, ORIGINAL]);
    expect(out.faults[0]).to.include({ name: 'oom', revertOk: true });
    expect(out.steadyAfterRevert).to.equal(true);
    expect(target.downCalls).to.equal(1);
    expect(observers.detached).to.equal(1);
    const phases = kinds(out.events).filter((k) => k.startsWith('phase:'));
    expect(phases).to.deep.equal(['phase:bring-up', 'phase:steady-state', 'phase:inject', 'phase:observe', 'phase:recover', 'phase:revert', 'phase:report']);
  });

  it("undoes the responder's own operations before the fault's, so the mesh ends as it began", async () => {
    const out = await drive(
      testScenario({
        recovery: {
          actions: [
            {
              after: 'injection',
              delayMs: 5000,
              action: { kind: 'operation', operation: { op: 'set-memory-limit', workload: { namespace: 'istio-system', name: 'istiod' }, container: 'discovery', limitBytes: 2 ** 30 } },
            },
          ],
          deadlineMs: 60_000,
        },
      }),
    );
    expect(out.end.kind).to.equal('recovered');
    // fault 512Mi → responder 1Gi → undo responder (512Mi) → undo fault (2Gi).
    expect(target.applied.map((o) => (o.op === 'set-memory-limit' ? o.limitBytes : o.op))).to.deep.equal([2 ** 29, 2 ** 30, 2 ** 29, ORIGINAL]);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });

  it('schedules faults and the responder in scenario time under a time scale, and judges in wall time', async () => {
    target.timeScale = 10;
    const t0 = clock.now();
    const out = await drive(
      testScenario({
        faults: [{ ...testScenario().spec.faults[0]!, atMs: 20_000 }],
        recovery: { actions: [{ after: 'injection', delayMs: 100_000, action: { kind: 'revert-fault', fault: 'oom' } }], deadlineMs: 60_000 },
      }),
    );
    expect(out.end).to.deep.equal({ kind: 'recovered' });
    // Steady after 5 s of wall; +20 s of scenario at 10× is +2 s of wall; the responder's 100 s is 10 s.
    expect(out.events.find((e) => e.kind === 'fault.inject')?.at).to.equal(t0 + 7000);
    expect(out.events.find((e) => e.kind === 'action')?.at).to.equal(t0 + 17_000);
  });

  it('writes the timeline to disk as it goes and journals the undo before the mutation', async () => {
    const out = await drive(testScenario());
    const lines = readFileSync(join(dir, 'timeline.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).to.equal(out.events.length);
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(journal.map((l) => l.kind)).to.deep.equal(['header', 'intent', 'applied', 'reverted']);
    expect(pendingUndos(readJournal(join(dir, 'journal.jsonl')))).to.have.length(0);
  });

  it('reverts on SIGINT during the incident', async () => {
    const sigint = new AbortController();
    const t0 = clock.now();
    const out = await drive(testScenario({ recovery: { actions: [], deadlineMs: 60_000 } }), {
      signal: sigint.signal,
      onTick: (t) => {
        if (t >= t0 + 12_000) sigint.abort();
      },
    });
    expect(out.end.kind).to.equal('interrupted');
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
    expect(out.events.some((e) => e.kind === 'fault.revert')).to.equal(true);
    expect(out.steadyAfterRevert).to.equal(null);
  });

  it('reverts a mutation whose confirmation never came (the target failed mid-call)', async () => {
    target.failNext = 1;
    const out = await drive(testScenario());
    expect(out.end.kind).to.equal('error');
    if (out.end.kind === 'error') expect(out.end.error).to.contain('apiserver unavailable');
    // The failed call might have landed: its undo was journaled first and has been applied.
    expect(target.applied.at(-1)).to.deep.include({ op: 'set-memory-limit', limitBytes: ORIGINAL });
  });

  it('fails as not steady without injecting when the hypothesis never holds', async () => {
    target.limits.set('istio-system/istiod', 1);
    const out = await drive(testScenario());
    expect(out.end.kind).to.equal('not-steady');
    expect(out.events.some((e) => e.kind === 'fault.inject')).to.equal(false);
    expect(target.applied).to.have.length(0);
  });

  it('aborts on the error-rate condition and reverts at once', async () => {
    const out = await drive(testScenario({ recovery: { actions: [], deadlineMs: 60_000 }, abort: { maxErrorRate: 0.5, windowMs: 3000, maxRunTimeMs: 600_000 } }));
    expect(out.end.kind).to.equal('aborted');
    const abort = out.events.find((e) => e.kind === 'abort');
    const inject = out.events.find((e) => e.kind === 'fault.inject');
    expect(abort!.at - inject!.at).to.be.within(3000, 4500);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });

  it('retries an undo that fails once', async () => {
    let armed = false;
    const out = await drive(testScenario(), {
      onTick: () => {
        if (!armed && target.applied.length === 1) {
          armed = true;
          target.failNext = 1;
        }
      },
    });
    expect(out.faults[0]!.revertOk).to.equal(true);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });

  it('leaves a journal that a later process can replay after a crash', async () => {
    const sigint = new AbortController();
    // Simulate a crash: interrupt, but make every undo fail so the journal keeps them.
    const t0 = clock.now();
    await drive(testScenario({ recovery: { actions: [], deadlineMs: 60_000 } }), {
      signal: sigint.signal,
      onTick: (t) => {
        if (t >= t0 + 10_000 && !sigint.signal.aborted) {
          target.failNext = 1000;
          sigint.abort();
        }
      },
    });
    expect(target.limits.get('istio-system/istiod')).to.equal(2 ** 29);
    const contents = readJournal(join(dir, 'journal.jsonl'));
    expect(contents.header?.target).to.equal('sim');
    const pending = pendingUndos(contents);
    expect(pending).to.have.length(1);
    target.failNext = 0;
    const replay = replayUndos(pending, target, clock, silentLogger(), undefined);
    await clock.advance(1);
    const outcome = await replay;
    expect(outcome.failures).to.have.length(0);
    expect(target.limits.get('istio-system/istiod')).to.equal(ORIGINAL);
  });
});
