import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root.js';
import { runCli } from './run-cli.js';

const INVALID = join(projectRoot(), 'test', 'fixtures', 'invalid');

describe('gameday validate', () => {
  const files = readdirSync(INVALID).filter((f) => f.endsWith('.yaml'));

  it('has at least 30 malformed scenarios to refuse', () => {
    expect(files.length).to.be.at.least(30);
  });

  for (const f of files) {
    it(`refuses ${f}: exit 2, file:line:col messages, no stack trace`, async () => {
      const r = await runCli('validate', join('test', 'fixtures', 'invalid', f));
      expect(r.code).to.equal(2);
      expect(r.out).to.equal('');
      const lines = r.err.trim().split('\n');
      const issues = lines.filter((l) => !/scenario file\(s\) have problems$/.test(l) && !/: warning: /.test(l));
      expect(issues.length).to.be.greaterThan(0);
      for (const l of issues) expect(l).to.match(new RegExp(`^test/fixtures/invalid/${f.replace('.', '\\.')}:\\d+:\\d+: \\S`));
      // Each fixture names the positions it expects; the CLI reports exactly those lines and columns.
      const expected = [...readFileSync(join(INVALID, f), 'utf8').matchAll(/^# expect: (\d+):(\d+) /gm)].map((m) => `${m[1]}:${m[2]}`);
      expect(issues.map((l) => /:(\d+:\d+): /.exec(l)![1])).to.deep.equal(expected);
      expect(r.err).not.to.match(/^\s+at /m);
    });
  }

  it('accepts every scenario shipped in scenarios/ and names its faults', async () => {
    const r = await runCli('validate', 'scenarios/');
    expect(r.code, r.err).to.equal(0);
    const shipped = readdirSync(join(projectRoot(), 'scenarios')).filter((f) => f.endsWith('.yaml'));
    expect(r.out.trim().split('\n')).to.have.length(shipped.length);
    for (const f of shipped) expect(readFileSync(join(projectRoot(), 'scenarios', f), 'utf8')).to.match(/^# yaml-language-server: \$schema=\.\.\/schema\/scenario\.schema\.json\n/);
  });

  it('exits 2 on an unknown command or flag, without a stack trace', async () => {
    for (const argv of [['frobnicate'], ['validate', 'scenarios/', '--frob']]) {
      const r = await runCli(...argv);
      expect(r.code).to.equal(2);
      expect(r.err).to.match(/^gameday: /);
      expect(r.err).not.to.match(/^\s+at /m);
    }
  });
});
