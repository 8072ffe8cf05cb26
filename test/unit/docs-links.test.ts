/**
 * Comments cite the facts they rest on as `docs/<page>.md#<section>`: every
 * such citation must name a page and a heading that exist, or it points a
 * reader nowhere.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('docs/ citations', () => {
  it('every docs/<page>.md#<section> cited in src/, test/ and the README names an existing page and heading', () => {
    const sources = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'test')), join(ROOT, 'README.md')];
    const broken: string[] = [];
    let cited = 0;
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      // `docs/<page>.md#one and #two` cites two sections of one page.
      for (const m of text.matchAll(/docs\/([a-z-]+\.md)((?:#[a-z0-9-]+(?:,? (?:and )?)?)+)/g)) {
        const page = m[1]!;
        if (!existsSync(join(ROOT, 'docs', page))) {
          broken.push(`${relative(ROOT, file)}: docs/${page} does not exist`);
          continue;
        }
        const anchors = anchorsOf(page);
        for (const a of m[2]!.match(/#[a-z0-9-]+/g) ?? []) {
          cited++;
          if (!anchors.has(a.slice(1))) broken.push(`${relative(ROOT, file)}: docs/${page}${a} names no heading`);
        }
      }
    }
    expect(broken).to.deep.equal([]);
    expect(cited).to.be.greaterThan(40);
  });
});
