import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkScenarioText } from '../../../src/scenario/index.js';
import { FIXTURES, PROJECT_ROOT } from './support.js';

const base = readFileSync(resolve(FIXTURES, 'valid', 'istiod-oom.yaml'), 'utf8');

describe('spec.reference', () => {
  it('normalises a reference timeline to scenario-time milliseconds', async () => {
    const text = `${base.trimEnd()}
  reference:
    source: the article
    steps:
      - at: 5m
        event: istiod OOMKilled
        match: { kind: target, reason: OOMKilled, object: istiod }
      - at: 22m
        event: last 503
        match: { kind: symptom, occurrence: last }
`;
    const r = await checkScenarioText(text, 'ref.yaml', { projectRoot: PROJECT_ROOT });
    expect(r.issues).to.deep.equal([]);
    expect(r.value!.spec.reference).to.deep.equal({
      source: 'the article',
      steps: [
        { atMs: 300_000, event: 'istiod OOMKilled', match: { kind: 'target', reason: 'OOMKilled', object: 'istiod' } },
        { atMs: 1_320_000, event: 'last 503', match: { kind: 'symptom', occurrence: 'last' } },
      ],
    });
  });

  it('refuses an unknown event kind where it is written', async () => {
    const text = `${base.trimEnd()}
  reference:
    steps:
      - at: 5m
        event: x
        match: { kind: pod }
`;
    const r = await checkScenarioText(text, 'ref.yaml', { projectRoot: PROJECT_ROOT });
    expect(r.issues).to.have.length(1);
    expect(r.issues[0]!.message).to.match(/kind/);
    const line = text.split('\n').findIndex((l) => l.includes('match: { kind: pod }')) + 1;
    expect(r.issues[0]!.line).to.equal(line);
  });
});
