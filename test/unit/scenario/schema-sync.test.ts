/**
 * schema/scenario.schema.json is generated from src/scenario/schema.ts
 * (`npm run schema`); this fails while the committed file has drifted.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderJsonSchema } from '../../../src/scenario/json-schema.js';
import { PROJECT_ROOT } from './support.js';

describe('scenario JSON Schema', () => {
  const committed = readFileSync(join(PROJECT_ROOT, 'schema', 'scenario.schema.json'), 'utf8');

  it('is the committed file, byte for byte (run `npm run schema` after changing schema.ts)', () => {
    expect(committed === renderJsonSchema(), 'schema/scenario.schema.json is stale: run `npm run schema`').to.equal(true);
  });

  it('is 2-space JSON with a trailing newline and a stable key order', () => {
    expect(committed.endsWith('}\n')).to.equal(true);
    expect(committed.split('\n')[1]).to.equal('  "$schema": "http://json-schema.org/draft-07/schema#",');
    expect(renderJsonSchema()).to.equal(renderJsonSchema());
  });

  it('closes every object, so misspelt keys are caught by editors too', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      const isIfClause = path.endsWith('/if');
      const isTaggedBase = Array.isArray(o.allOf) && !('additionalProperties' in o);
      const isMap = 'patternProperties' in o || (typeof o.additionalProperties === 'object' && o.additionalProperties !== null);
      const isThen = path.endsWith('/then') && !('type' in o);
      if (o.type === 'object' && 'properties' in o && !isIfClause && !isTaggedBase && !isMap && !isThen && o.additionalProperties !== false)
        open.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(JSON.parse(committed), '');
    expect(open).to.deep.equal([]);
  });

  it('lets editors complete params per fault type', () => {
    const schema = JSON.parse(committed) as {
      properties: {
        spec: {
          properties: {
            faults: { items: { allOf: { if: unknown; then: { properties: { params: { properties: Record<string, unknown> } } } }[] } };
          };
        };
      };
    };
    const branches = schema.properties.spec.properties.faults.items.allOf;
    expect(branches).to.have.length(9);
    expect(branches[0]!.if).to.deep.equal({ properties: { type: { const: 'istiod-oom' } }, required: ['type'] });
    expect(Object.keys(branches[0]!.then.properties.params.properties)).to.include('memoryLimit');
  });
});
