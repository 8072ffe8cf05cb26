import { resolve } from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../src/project-root.js';
import { loadScenario } from '../../../src/scenario/index.js';
import { componentsOf, sealChoice, truthOf } from '../../../src/train/sealed.js';
import { sessionScenario } from '../../../src/train/session-scenario.js';

describe('train: the session scenario and the sealed choice', () => {
  it('moves the faults to the drawn instant in scenario time, keeps their spacing, and takes the responder out', async () => {
    const s = await loadScenario(resolve(projectRoot(), 'scenarios/image-cache-evict.yaml'), { projectRoot: projectRoot() });
    const [a, b] = s.spec.faults;
    const t = sessionScenario(s, { offsetMs: 7000, window: { fromMs: 5000, toMs: 10_000 }, deadlineMs: 240_000, timeScale: 5 });
    expect(t.spec.faults[0]!.atMs).to.equal(35_000);
    expect(t.spec.faults[1]!.atMs - t.spec.faults[0]!.atMs).to.equal(b!.atMs - a!.atMs);
    expect(t.spec.recovery).to.deep.equal({ actions: [], deadlineMs: 240_000 });
    expect(t.spec.abort.maxErrorRate).to.equal(undefined);
    expect(t.spec.abort.maxRunTimeMs).to.be.at.least(s.spec.steadyState.timeoutMs + 10_000 + 240_000);
    expect(t.spec.load.durationMs).to.be.at.least(t.spec.abort.maxRunTimeMs);
    // The original is untouched: its responder stays the expert line.
    expect(s.spec.recovery.actions.length).to.be.greaterThan(0);
  });

  it('seals what was drawn, with the components a right diagnosis may name', async () => {
    const s = await loadScenario(resolve(projectRoot(), 'scenarios/deny-policy.yaml'), { projectRoot: projectRoot() });
    expect(componentsOf(s.spec.faults[0]!)).to.have.members(['payments', 'payments-lockdown']);
    const sealed = sealChoice(s, 7, [s], { fromMs: 1, toMs: 2 }, 1500);
    expect(sealed.pool).to.deep.equal(['deny-policy']);
    expect(truthOf(sealed)).to.deep.equal({ faultType: 'deny-policy', components: ['payments', 'payments-lockdown'] });
  });

  it("keeps the upgrade replay's reference timeline, so the debrief lays the article's beside the session's", async () => {
    const s = await loadScenario(resolve(projectRoot(), 'scenarios/upgrade-incident-replay.yaml'), { projectRoot: projectRoot() });
    const t = sessionScenario(s, { offsetMs: 60_000, window: { fromMs: 30_000, toMs: 90_000 }, deadlineMs: 600_000, timeScale: 60 });
    expect(t.spec.reference).to.deep.equal(s.spec.reference);
    expect(t.spec.reference!.steps.length).to.be.greaterThan(3);
  });
});
