/** The runner's participant hook (a trainee): joins after bring-up, mutates through the journal, can end the observe phase, leaves before revert. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/log.js';
import type { RunEnding } from '../../../src/measure/verdict.js';
import { pendingUndos, readJournal } from '../../../src/run/journal.js';
import type { ParticipantHooks, RunParticipant } from '../../../src/run/participant.js';
import { runScenario, type RunOutcome } from '../../../src/run/runner.js';
import { lowerLimit, MemoryTarget, secondsJudge, testScenario, TickingObservers } from './support.js';

class Scripted implements RunParticipant {
  hooks: ParticipantHooks | undefined;
  said: RunEnding | null = null;
  left = 0;
  join(h: ParticipantHooks): void {
    this.hooks = h;
  }
  ending(): RunEnding | null {
    return this.said;
  }
  leave(): void {
    this.left++;
  }
}

describe('runner: a participant', () => {
  let dir: string;
  let clock: VirtualClock;
  let target: MemoryTarget;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gameday-participant-'));
    clock = new VirtualClock(Date.UTC(2026, 0, 1));
    target = new MemoryTarget(clock);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function drive(p: Scripted, onTick: (t: number) => Promise<void> | void): Promise<RunOutcome> {
    let done = false;
    const scenario = testScenario({ recovery: { actions: [], deadlineMs: 60_000 } });
    const run = runScenario({
      scenario,
      target,
      observers: new TickingObservers(clock, target),
      faultFor: () => lowerLimit,
      judge: secondsJudge(scenario.spec.steadyState.windowMs),
      clock,
      log: silentLogger(),
      runDir: dir,
      signal: new AbortController().signal,
      participant: p,
    }).finally(() => (done = true));
    for (let i = 0; i < 10_000 && !done; i++) {
      await clock.advance(250);
      await onTick(clock.now());
    }
    return run;
  }

  it('mitigates through the journal: the action is recorded, the run recovers, and its change is undone at revert', async () => {
    const p = new Scripted();
    let acted = false;
    const out = await drive(p, async () => {
      const injected = p.hooks?.events().some((e) => e.kind === 'fault.inject');
      if (injected && !acted) {
        acted = true;
        const at = clock.now();
        await p.hooks!.mutate({
          op: 'set-memory-limit',
          workload: { namespace: 'istio-system', name: 'istiod' },
          container: 'discovery',
          limitBytes: 2 ** 31,
        });
        p.hooks!.emit({ kind: 'action', at, by: 'trainee', action: 'raise the limit', ok: true });
      }
    });
    expect(out.end).to.deep.equal({ kind: 'recovered' });
    expect(p.hooks!.endpoints.ingressUrl).to.equal('http://127.0.0.1:1');
    expect(out.events.filter((e) => e.kind === 'action').map((e) => (e as { by: string }).by)).to.deep.equal(['trainee']);
    expect(p.left).to.equal(1);
    // The participant's change and the fault's are both undone, newest first: the mesh ends as it began, nothing left in the journal.
    expect(target.limits.get('istio-system/istiod')).to.equal(2 ** 31);
    expect(pendingUndos(readJournal(join(dir, 'journal.jsonl')))).to.deep.equal([]);
  });

  it('ends the observe phase when it says so, and the run still reverts the fault', async () => {
    const p = new Scripted();
    const out = await drive(p, () => {
      if (p.hooks?.events().some((e) => e.kind === 'fault.inject') && !p.said)
        p.said = { kind: 'unrecovered', reason: 'the trainee ended the session' };
    });
    expect(out.end).to.deep.equal({ kind: 'unrecovered', reason: 'the trainee ended the session' });
    expect(out.faults[0]!.revertOk).to.equal(true);
    expect(target.limits.get('istio-system/istiod')).to.equal(2 ** 31);
  });
});
