import { expect } from 'chai';
import { join } from 'node:path';
import { ScenarioError } from '../../../src/errors.js';
import { checkScenario, checkScenarioText, loadScenario } from '../../../src/scenario/loader.js';
import { FIXTURES, PROJECT_ROOT } from './support.js';

const opts = { projectRoot: PROJECT_ROOT };
const issues = async (text: string): Promise<string[]> =>
  (await checkScenarioText(text, 'x.yaml', opts)).issues.map((i) => `${i.line}:${i.col} ${i.message}`);

describe('scenario loader', () => {
  it('reports a missing file as an issue of that file, without a stack', async () => {
    const r = await checkScenario(join(FIXTURES, 'nope.yaml'), opts);
    expect(r.value).to.equal(undefined);
    expect(r.issues).to.deep.equal([
      { file: join(FIXTURES, 'nope.yaml'), line: 1, col: 1, message: 'cannot read the scenario: no such file' },
    ]);
  });

  it('throws one ScenarioError whose message lists every issue as file:line:col', async () => {
    const file = join(FIXTURES, 'invalid', 'several-errors.yaml');
    const err = await loadScenario(file, opts).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ScenarioError);
    const lines = (err as ScenarioError).message.split('\n');
    expect(lines).to.have.length(7);
    for (const l of lines) expect(l.startsWith(`${file}:`)).to.equal(true);
    expect((err as ScenarioError).exitCode).to.equal(2);
  });

  it('refuses documents that are not one mapping', async () => {
    expect(await issues('- a\n- b\n')).to.deep.equal(['1:1 the document must be a mapping, got a list']);
    expect((await issues('a: 1\n---\nb: 2\n'))[0]).to.contain('holds one document');
  });

  it('survives an alias bomb', async () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ];
    expect((await issues(bomb.join('\n')))[0]).to.contain('aliases expand past the limit of 100');
  });

  it('reports schema and rule problems of one file together', async () => {
    const text = `apiVersion: gameday.istio.io/v1
kind: Scenario
metadata: { name: x }
spec:
  load: { script: load/steady.js, rate: 1, duration: 1h, vus: many }
  steadyState: { successRate: 99%, p99: 1s, window: 5m, timeout: 1m }
  faults:
    - { type: istiod-oom, name: a, at: 0 }
    - { type: istiod-outage, name: a, at: 0 }
  detection: { expect: [A], deadline: 5m }
`;
    expect(await issues(text)).to.deep.equal([
      '5:63 spec.load.vus must be a whole number, got "many"',
      '6:66 spec.steadyState.timeout (1m) is shorter than window (5m): steady state could never be reached',
      '9:36 duplicate fault name "a": spec.faults[0] already has it; fault names must be unique',
    ]);
  });
});
