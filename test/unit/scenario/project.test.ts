import { expect } from 'chai';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError, UsageError } from '../../../src/errors.js';
import { loadScenarioDir } from '../../../src/scenario/load-dir.js';
import { findProjectRoot } from '../../../src/project-root.js';
import { FIXTURES, PROJECT_ROOT } from './support.js';

describe('scenario project root and suites', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'gameday-suite-'));
  });
  after(async () => rm(tmp, { recursive: true, force: true }));

  it('finds the project root from a nested directory', async () => {
    expect(await findProjectRoot(join(FIXTURES, 'valid'))).to.equal(PROJECT_ROOT);
  });

  it('skips package.json files of other projects on the way up', async () => {
    const nested = join(tmp, 'other', 'deep');
    await mkdir(nested, { recursive: true });
    await writeFile(join(tmp, 'package.json'), JSON.stringify({ name: 'istio-gameday' }));
    await writeFile(join(tmp, 'other', 'package.json'), JSON.stringify({ name: 'something-else' }));
    expect(await findProjectRoot(nested)).to.equal(tmp);
  });

  it('says so when there is no project above', async () => {
    const err = await findProjectRoot('/').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(UsageError);
  });

  it('loads every scenario of a directory', async () => {
    const scenarios = await loadScenarioDir(join(FIXTURES, 'valid'), { projectRoot: PROJECT_ROOT });
    expect(scenarios.map((s) => s.metadata.name)).to.deep.equal(['bad-deny-policy', 'canary-upgrade', 'deny-policy-brief', 'istiod-oom']);
  });

  it('reports the issues of every file together, and duplicate names', async () => {
    const dir = join(tmp, 'suite');
    await mkdir(dir);
    await copyFile(join(FIXTURES, 'valid', 'istiod-oom.yaml'), join(dir, 'a.yaml'));
    await copyFile(join(FIXTURES, 'valid', 'istiod-oom.yaml'), join(dir, 'b.yaml'));
    await copyFile(join(FIXTURES, 'invalid', 'wrong-kind.yaml'), join(dir, 'c.yaml'));
    await copyFile(join(FIXTURES, 'invalid', 'bad-name.yaml'), join(dir, 'd.yml'));
    await writeFile(join(dir, 'notes.txt'), 'not a scenario');
    const err = await loadScenarioDir(dir, { projectRoot: PROJECT_ROOT }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ScenarioError);
    const issues = (err as ScenarioError).issues.map((i) => `${i.file.slice(dir.length + 1)}: ${i.message}`);
    expect(issues).to.have.length(3);
    expect(issues.join('\n')).to.contain('c.yaml: kind must be "Scenario"');
    expect(issues.join('\n')).to.contain('d.yml: metadata.name is "My_Scenario"');
    expect(issues.join('\n')).to.contain('b.yaml: metadata.name "istiod-oom" is also used by');
  });

  it('refuses an empty or missing directory', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty);
    expect(await loadScenarioDir(empty, { projectRoot: PROJECT_ROOT }).catch((e: unknown) => e)).to.be.instanceOf(ScenarioError);
    expect(await loadScenarioDir(join(tmp, 'nope'), { projectRoot: PROJECT_ROOT }).catch((e: unknown) => e)).to.be.instanceOf(
      ScenarioError,
    );
  });
});
