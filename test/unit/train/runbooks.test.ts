/** Every fault type has a runbook with the sections the debrief and `hint` rely on; every rule links to one that exists. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { FAULT_TARGETS } from '../../../src/faults/registry.js';
import { projectRoot } from '../../../src/project-root.js';
import { hintsOf, readRunbook } from '../../../src/train/runbooks.js';

const SECTIONS = ['Symptoms', 'Alerts that fire', 'Look first', 'Mitigation', 'Confirm recovery', 'Prevention', 'Hints'];

describe('train: runbooks', () => {
  for (const type of Object.keys(FAULT_TARGETS)) {
    it(`${type} has a runbook with every section and hints from general to specific`, () => {
      const text = readRunbook(type);
      expect(text, `docs/runbooks/${type}.md`).to.be.a('string');
      for (const s of SECTIONS) expect(text).to.match(new RegExp(`^## ${s}$`, 'm'));
      const hints = hintsOf(text!);
      expect(hints.length).to.be.at.least(3);
      // The last hint names the mitigation; the first must not give it away.
      expect(hints[0]!.length).to.be.greaterThan(10);
      expect(hints[hints.length - 1]).to.match(/`[a-z-]+`/);
      expect(hints[0]).not.to.match(/`[a-z-]+`/);
    });
  }

  it('reads the hints list only, joining wrapped lines', () => {
    expect(hintsOf('# x\n## Hints\n1. first\n   still first\n2. second\n## After\n- not a hint\n')).to.deep.equal([
      'first still first',
      'second',
    ]);
    expect(hintsOf('# no hints here')).to.deep.equal([]);
  });

  it('every rule of the baseline pack links to a runbook that exists', () => {
    const root = projectRoot();
    const pack = parse(readFileSync(join(root, 'rules/istio-baseline.rules.yaml'), 'utf8')) as {
      groups: { rules: { alert: string; annotations: Record<string, string> }[] }[];
    };
    const rules = pack.groups.flatMap((g) => g.rules);
    expect(rules.length).to.be.greaterThan(5);
    for (const r of rules) {
      const url = r.annotations.runbook_url;
      expect(url, r.alert).to.match(/^docs\/runbooks\/[a-z-]+\.md$|^docs\/runbooks\/README\.md$/);
      expect(existsSync(join(root, url!)), `${r.alert} → ${url}`).to.equal(true);
    }
  });
});
