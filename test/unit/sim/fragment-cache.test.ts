import { expect } from 'chai';
import { Exposition } from '../../../src/targets/sim/exposition.js';
import { FragmentCache } from '../../../src/targets/sim/metrics/fragment-cache.js';

describe('sim metrics fragment cache', () => {
  function pass(cache: FragmentCache, objects: [string, number][], renders: string[]): string {
    cache.begin();
    for (const [key, v] of objects) {
      cache.add(key, String(v), () => {
        renders.push(key);
        return [`a{k="${key}"} ${v}\n`, v > 1 ? `b{k="${key}"} ${v}\n` : ''];
      });
    }
    cache.end();
    const out = new Exposition().family('a', 'gauge', 'A');
    cache.write(out, 0);
    out.family('b', 'gauge', 'B');
    cache.write(out, 1);
    return out.toString();
  }

  it('renders an object again only when its signature changes, writing every family in order', () => {
    const cache = new FragmentCache(2);
    const renders: string[] = [];
    const first = pass(cache, [['x', 1], ['y', 2]], renders);
    expect(first).to.equal('# HELP a A\n# TYPE a gauge\na{k="x"} 1\na{k="y"} 2\n# HELP b B\n# TYPE b gauge\nb{k="y"} 2\n');
    expect(pass(cache, [['x', 1], ['y', 2]], renders)).to.equal(first);
    expect(renders).to.deep.equal(['x', 'y']);
    expect(pass(cache, [['x', 3], ['y', 2]], renders)).to.contain('a{k="x"} 3\n').and.contain('b{k="x"} 3\n');
    expect(renders).to.deep.equal(['x', 'y', 'x']);
  });

  it('forgets objects a pass did not see, so a reused key renders afresh', () => {
    const cache = new FragmentCache(2);
    const renders: string[] = [];
    pass(cache, [['x', 1], ['y', 2]], renders);
    expect(pass(cache, [['y', 2]], renders)).to.not.contain('k="x"');
    pass(cache, [['x', 1], ['y', 2]], renders);
    expect(renders).to.deep.equal(['x', 'y', 'x']);
  });

  it('refuses a render with the wrong number of fragments', () => {
    const cache = new FragmentCache(2);
    cache.begin();
    expect(() => cache.add('x', '1', () => ['only one\n'])).to.throw(/1 fragments for 2 families/);
  });
});
