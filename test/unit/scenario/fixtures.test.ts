/**
 * Every file in test/fixtures/invalid states, in its leading `# expect:`
 * lines, exactly the issues loading it must report (line:col and a fragment
 * of the message); every file in test/fixtures/valid must load cleanly.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError } from '../../../src/errors.js';
import { checkScenario, loadScenario } from '../../../src/scenario/loader.js';
import { expectations, FIXTURES, PROJECT_ROOT } from './support.js';

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
const opts = { projectRoot: PROJECT_ROOT };

describe('scenario fixtures', () => {
  const invalid = yamlFiles(join(FIXTURES, 'invalid'));

  it('has enough invalid fixtures to cover the format', () => expect(invalid.length).to.be.at.least(34));

  for (const name of invalid) {
    it(`invalid/${name} reports exactly its expected issues`, async () => {
      const file = join(FIXTURES, 'invalid', name);
      const wanted = expectations(readFileSync(file, 'utf8'));
      expect(wanted.length, 'fixture has no # expect: lines').to.be.greaterThan(0);

      const err = await loadScenario(file, opts).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(ScenarioError);
      const issues = (err as ScenarioError).issues;
      const got = issues.map((i) => `${i.line}:${i.col} ${i.message}`);
      expect(
        issues.map((i) => `${i.line}:${i.col}`),
        got.join('\n'),
      ).to.deep.equal(wanted.map((w) => `${w.line}:${w.col}`));
      wanted.forEach((w, i) => expect(issues[i]!.message, got.join('\n')).to.contain(w.fragment));
      for (const i of issues) {
        expect(i.file).to.equal(file);
        expect(i.message, 'no stack traces in messages').to.not.match(/\n\s+at /);
      }
      expect((err as ScenarioError).message.split('\n')[0]).to.match(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `),
      );
    });
  }

  for (const name of yamlFiles(join(FIXTURES, 'valid'))) {
    it(`valid/${name} loads with no issues and no warnings`, async () => {
      const result = await checkScenario(join(FIXTURES, 'valid', name), opts);
      expect(result.issues).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.value?.metadata.name).to.equal(name.replace(/\.yaml$/, ''));
    });
  }

  it('every fixture starts with the schema modeline or its expectations', () => {
    for (const dir of ['valid', 'invalid']) {
      for (const name of yamlFiles(join(FIXTURES, dir))) {
        const text = readFileSync(join(FIXTURES, dir, name), 'utf8');
        expect(text, `${dir}/${name}`).to.contain('# yaml-language-server: $schema=../../../schema/scenario.schema.json\n');
        if (dir === 'valid') expect(text.startsWith('# yaml-language-server:'), name).to.equal(true);
      }
    }
  });
});
