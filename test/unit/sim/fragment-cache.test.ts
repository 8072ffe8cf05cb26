import { expect } from 'chai';
import { Exposition } from '../../../src/targets/sim/exposition.js';
import { FragmentCache } from '../../../src/targets/sim/metrics/fragment-cache.js';
import { mulberry32 } from '../../../src/seeded-random.js';

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
    const first = pass(
      cache,
      [
        ['x', 1],
        ['y', 2],
      ],
      renders,
    );
    expect(first).to.equal('# HELP a A\n# TYPE a gauge\na{k="x"} 1\na{k="y"} 2\n# HELP b B\n# TYPE b gauge\nb{k="y"} 2\n');
    expect(
      pass(
        cache,
        [
          ['x', 1],
          ['y', 2],
        ],
        renders,
      ),
    ).to.equal(first);
    expect(renders).to.deep.equal(['x', 'y']);
    expect(
      pass(
        cache,
        [
          ['x', 3],
          ['y', 2],
        ],
        renders,
      ),
    )
      .to.contain('a{k="x"} 3\n')
      .and.contain('b{k="x"} 3\n');
    expect(renders).to.deep.equal(['x', 'y', 'x']);
  });

  it('forgets objects a pass did not see, so a reused key renders afresh', () => {
    const cache = new FragmentCache(2);
    const renders: string[] = [];
    pass(
      cache,
      [
        ['x', 1],
        ['y', 2],
      ],
      renders,
    );
    expect(pass(cache, [['y', 2]], renders)).to.not.contain('k="x"');
    pass(
      cache,
      [
        ['x', 1],
        ['y', 2],
      ],
      renders,
    );
    expect(renders).to.deep.equal(['x', 'y', 'x']);
  });

  it('refuses a render with the wrong number of fragments', () => {
    const cache = new FragmentCache(2);
    cache.begin();
    expect(() => cache.add('x', '1', () => ['only one\n'])).to.throw(/1 fragments for 2 families/);
  });
});

describe('sim metrics fragment cache blocks', () => {
  for (const recycle of [false, true])
    it(`writes what rendering every object afresh would, through any mix of objects coming, going and changing${recycle ? ', recycling its layouts' : ''}`, () => {
      const rng = mulberry32(7);
      const cache = new FragmentCache(2);
      let live = new Map<string, number>();
      for (let i = 0; i < 600; i++) live.set(`ns-${i % 7}/pod-${i}`, 0);
      let next = 600;
      for (let pass = 0; pass < 40; pass++) {
        const after = new Map<string, number>();
        for (const [k, v] of live) {
          const r = rng.next();
          if (r < 0.05) continue; // gone
          after.set(k, r < 0.2 ? v + 1 : v);
          if (r > 0.97) after.set(`ns-${next % 7}/pod-${next++}`, 0);
        }
        live = new Map([...after].sort(([a], [b]) => (a < b ? -1 : 1)));
        cache.begin();
        let expected0 = '';
        let expected1 = '';
        for (const [k, v] of live) {
          cache.add(k, String(v), () => [`a{k="${k}"} ${v}\n`, v % 2 ? `b{k="${k}"} ${v}\n` : '']);
          expected0 += `a{k="${k}"} ${v}\n`;
          if (v % 2) expected1 += `b{k="${k}"} ${v}\n`;
        }
        cache.end();
        const out0 = new Exposition();
        out0.recycle = recycle;
        cache.write(out0, 0);
        const out1 = new Exposition();
        out1.recycle = recycle;
        cache.write(out1, 1);
        expect(out0.toString()).to.equal(expected0);
        expect(out1.toString()).to.equal(expected1);
      }
    });

  it('lays a family out again in the buffer of the layout before the last when it may recycle, never in the one it copies from', () => {
    const cache = new FragmentCache(1);
    const keys = Array.from({ length: 2000 }, (_, i) => `ns/pod-${i}`);
    const render = (v: number, recycle: boolean): Buffer[] => {
      cache.begin();
      for (const k of keys) cache.add(k, String(v), () => [`a{k="${k}"} ${v}\n`]);
      cache.end();
      const out = new Exposition();
      out.recycle = recycle;
      cache.write(out, 0);
      return out.toChunks();
    };
    const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString();
    const expected = (v: number): string => keys.map((k) => `a{k="${k}"} ${v}\n`).join('');
    const buffers = (chunks: Buffer[]): Set<ArrayBufferLike> => new Set(chunks.map((c) => c.buffer));

    const first = render(1, true);
    expect(text(first)).to.equal(expected(1));
    // Every object changed, so every block is stale and the family is laid out again; not recycling, its bytes stay.
    const second = render(2, false);
    expect(text(second)).to.equal(expected(2));
    expect(text(first)).to.equal(expected(1));
    const third = render(3, true);
    expect(text(third)).to.equal(expected(3));
    expect(buffers(third)).to.deep.equal(buffers(first));
    const fourth = render(4, true);
    expect(text(fourth)).to.equal(expected(4));
    expect(buffers(fourth)).to.deep.equal(buffers(second));
    expect([...buffers(fourth)].some((b) => buffers(third).has(b))).to.equal(false);
  });

  it('drops whole blocks of objects gone while every other block stays as it was', () => {
    const cache = new FragmentCache(1);
    const keys = Array.from({ length: 3000 }, (_, i) => `ns/pod-${String(i).padStart(4, '0')}`);
    const render = (kept: string[]): string => {
      cache.begin();
      for (const k of kept) cache.add(k, 'same', () => [`a{k="${k}"} 1\n`]);
      cache.end();
      const out = new Exposition();
      cache.write(out, 0);
      return out.toString();
    };
    const expected = (kept: string[]): string => kept.map((k) => `a{k="${k}"} 1\n`).join('');
    expect(render(keys)).to.equal(expected(keys));
    // 1,100 objects in a row hold at least one whole block (a block holds at most 512).
    const kept = [...keys.slice(0, 1000), ...keys.slice(2100)];
    expect(render(kept)).to.equal(expected(kept));
    expect(render(kept)).to.equal(expected(kept));
    expect(render([])).to.equal('');
  });

  it('keeps lines with non-ASCII text and lines larger than its scratch space whole', () => {
    const cache = new FragmentCache(1);
    const big = `a{k="${'x'.repeat(1_500_000)}"} 1\n`;
    const texts = ['a{k="café"} 1\n', big, 'a{k="ünïcödé ✓"} 2\n', 'a{k="plain"} 3\n'];
    for (let pass = 0; pass < 3; pass++) {
      cache.begin();
      texts.forEach((t, i) => cache.add(`k${i}`, pass === 2 && i === 3 ? 'changed' : 'same', () => [t]));
      cache.end();
      const out = new Exposition();
      cache.write(out, 0);
      expect(out.toString()).to.equal(texts.join(''));
    }
  });

  it('rewrites one family of an object through set, leaving its other families as they were', () => {
    const cache = new FragmentCache<number>(2);
    const pass = (v: number): string => {
      cache.begin();
      const f = cache.visit('x');
      if (f.memo === undefined) cache.set(f, 1, 'b 1\n');
      if (f.memo !== v) cache.set(f, 0, `a ${v}\n`);
      f.memo = v;
      cache.end();
      const out = new Exposition();
      cache.write(out, 0);
      cache.write(out, 1);
      return out.toString();
    };
    expect(pass(1)).to.equal('a 1\nb 1\n');
    expect(pass(2)).to.equal('a 2\nb 1\n');
    expect(pass(2)).to.equal('a 2\nb 1\n');
  });
});
