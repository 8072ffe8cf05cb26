import { expect } from 'chai';
import { parseYaml } from '../../../src/scenario/parse-yaml.js';

const text = [
  'apiVersion: gameday.istio.io/v1', // 1
  'spec:', // 2
  '  load:', // 3
  '    rate: 20', // 4
  '  faults:', // 5
  '    - type: istiod-oom', // 6
  '      at: 30s', // 7
  '  empty:', // 8
  '  flow: { a: 1, b: [x, y] }', // 9
  '',
].join('\n');

describe('scenario/source-map', () => {
  const { map, errors } = parseYaml(text);

  it('parses the sample without errors', () => expect(errors).to.deep.equal([]));

  it('finds values and keys of nested maps and lists', () => {
    expect(map.locate(['spec', 'load', 'rate'])).to.deep.equal({ line: 4, col: 11 });
    expect(map.locate(['spec', 'load', 'rate'], 'key')).to.deep.equal({ line: 4, col: 5 });
    expect(map.locate(['spec', 'faults', 0, 'at'])).to.deep.equal({ line: 7, col: 11 });
    expect(map.locate(['spec', 'faults', 0])).to.deep.equal({ line: 6, col: 7 });
    expect(map.locate(['spec', 'flow', 'b', 1])).to.deep.equal({ line: 9, col: 24 });
  });

  it('points at the key when the value is empty', () => {
    expect(map.locate(['spec', 'empty'])).to.deep.equal({ line: 8, col: 3 });
  });

  it('falls back to the closest existing ancestor', () => {
    expect(map.locate(['spec', 'load', 'duration'])).to.deep.equal({ line: 4, col: 5 });
    expect(map.locate(['spec', 'faults', 3, 'at'])).to.deep.equal({ line: 6, col: 5 });
    expect(map.locate([])).to.deep.equal({ line: 1, col: 1 });
  });

  it('reports syntax errors with positions and without echoes', () => {
    const bad = parseYaml('a: 1\nb:\n  c: "open\n  d: 2\n');
    expect(bad.errors).to.have.length(1);
    expect(bad.errors[0]).to.include({ line: 3, col: 6 });
    expect(bad.errors[0]!.message).to.contain('unclosed quote');
    const dup = parseYaml('a: 1\nb: 2\na: 3\nb: 4\n');
    expect(dup.errors.map((e) => [e.line, e.col])).to.deep.equal([
      [3, 1],
      [4, 1],
    ]);
  });
});
