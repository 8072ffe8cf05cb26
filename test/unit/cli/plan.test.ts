import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { faultFor } from '../../../src/faults/registry.js';
import { projectRoot } from '../../../src/project-root.js';
import { runCli } from './run-cli.js';

describe('gameday plan', () => {
  const shipped = readdirSync(join(projectRoot(), 'scenarios')).filter((f) => f.endsWith('.yaml'));

  for (const f of shipped) {
    it(`prints the operations of scenarios/${f} and changes nothing`, async () => {
      const r = await runCli('plan', `scenarios/${f}`, '--json');
      expect(r.code, r.err).to.equal(0);
      const plan = JSON.parse(r.out) as { target: string; faults: { type: string; steps: { description: string }[] }[] };
      expect(plan.target).to.equal('sim');
      for (const fault of plan.faults) {
        expect(() => faultFor(fault.type)).not.to.throw();
        expect(fault.steps.length, fault.type).to.be.greaterThan(0);
        for (const s of fault.steps) expect(s.description).to.be.a('string').and.not.equal('');
      }
      const text = await runCli('plan', `scenarios/${f}`);
      expect(text.out).to.match(/nothing was changed\.\n$/);
    });
  }

  it('refuses --target cluster without a named context, with nothing touched', async () => {
    const r = await runCli('run', 'scenarios/deny-policy.yaml', '--target', 'cluster');
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('needs --context');
  });
});
