/**
 * Load scripts stay inside the project. The symlinks are made here, in a
 * temporary project, rather than committed: a committed link pointing out of
 * the repository would be a hazard of its own.
 */
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioError } from '../../../src/errors.js';
import { loadScenario } from '../../../src/scenario/loader.js';
import { resolveLoadScript } from '../../../src/scenario/script-path.js';

const scenario = (script: string): string => `apiVersion: gameday.istio.io/v1
kind: Scenario
metadata:
  name: confined
spec:
  load:
    script: ${script}
    rate: 10
    duration: 30m
  steadyState: { successRate: 99%, p99: 1s, window: 30s }
  faults: [{ type: istiod-outage, at: 0 }]
  detection: { expect: [IstiodDown], deadline: 5m }
`;

describe('scenario load script confinement', () => {
  let root: string;
  let outside: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'gameday-project-'));
    outside = await mkdtemp(join(tmpdir(), 'gameday-outside-'));
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'istio-gameday' }));
    await mkdir(join(root, 'load'));
    await mkdir(join(root, 'scenarios'));
    await writeFile(join(root, 'load', 'steady.js'), 'export default function () {}\n');
    await writeFile(join(outside, 'evil.js'), 'export default function () {}\n');
    await symlink(join(outside, 'evil.js'), join(root, 'load', 'evil.js'));
    await symlink(outside, join(root, 'load', 'elsewhere'));
    await symlink(join(root, 'load', 'steady.js'), join(root, 'load', 'alias.js'));
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const problem = async (script: string): Promise<string> => {
    const r = await resolveLoadScript(script, root);
    if (r.ok) throw new Error(`${script} resolved to ${r.value}`);
    return r.message;
  };

  it('resolves against the project root, not the scenario file', async () => {
    const file = join(root, 'scenarios', 'confined.yaml');
    await writeFile(file, scenario('load/steady.js'));
    const s = await loadScenario(file, { projectRoot: root });
    expect(s.spec.load.script?.endsWith(join('load', 'steady.js'))).to.equal(true);
  });

  it('accepts a symlink that stays inside the project', async () => {
    const r = await resolveLoadScript('load/alias.js', root);
    expect(r.ok && r.value.endsWith(join('load', 'steady.js'))).to.equal(true);
  });

  it('refuses absolute paths and .. escapes', async () => {
    expect(await problem('/etc/passwd')).to.contain('got the absolute path "/etc/passwd"');
    expect(await problem('../../etc/passwd')).to.contain('leaves the project');
    expect(await problem('load/../../x.js')).to.contain('leaves the project');
  });

  it('refuses a symlink that points outside, directly or through a directory', async () => {
    expect(await problem('load/evil.js'))
      .to.contain('is a symlink to')
      .and.contain('outside the project');
    expect(await problem('load/elsewhere/evil.js')).to.contain('outside the project');
  });

  it('refuses a script that does not exist, or is not a file', async () => {
    expect(await problem('load/missing.js')).to.contain('does not exist');
    expect(await problem('load')).to.contain('is not a file');
  });

  it('reports the escape at the line of load.script', async () => {
    const file = join(root, 'scenarios', 'escape.yaml');
    await writeFile(file, scenario('load/evil.js'));
    const err = await loadScenario(file, { projectRoot: root }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ScenarioError);
    expect((err as ScenarioError).issues).to.have.length(1);
    expect((err as ScenarioError).issues[0]).to.include({ line: 7, col: 13 });
    expect((err as ScenarioError).issues[0]!.message).to.contain('outside the project');
  });
});
