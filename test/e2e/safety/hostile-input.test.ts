/**
 * Hostile scenario files (alias bombs, binary junk, deep nesting, path
 * escapes, shell metacharacters in every string that reaches a command or a
 * Kubernetes name, non-DNS names, absurd numbers, oversized files): `gameday
 * run` refuses each with exit 2 and `file:line:col`, no stack trace, in under
 * a second, and starts nothing — no child process, no results directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { main } from '../../../src/cli/main.js';
import { liveProcesses } from '../../../src/process/process-registry.js';
import { LIMITS } from '../../../src/scenario/limits.js';
import { expectations, FIXTURES } from '../../unit/scenario/support.js';
import { childPids } from './support.js';

const HOSTILE = join(FIXTURES, 'hostile');
const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

async function cli(args: string[]): Promise<{ code: number; err: string; ms: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let e = '';
  out.resume();
  err.on('data', (d: Buffer) => (e += d.toString()));
  const t0 = performance.now();
  const code = await main(args, { out, err });
  return { code, err: e, ms: performance.now() - t0 };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('e2e: hostile scenarios are refused before anything starts', function () {
  this.timeout(60_000);
  let tmp: string;
  const files = readdirSync(HOSTILE)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gameday-hostile-'));
    // The first command compiles the schema validator once per process; the limits are about the file.
    await cli(['validate', join(FIXTURES, 'valid', 'istiod-oom.yaml')]);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** Runs `gameday run file` in process and checks everything the refusal promises. */
  async function refused(file: string, results: string): Promise<string[]> {
    const before = childPids();
    const r = await cli(['run', file, '--results', results, '--log-level', 'silent']);
    const lines = r.err.trimEnd().split('\n');
    expect(r.code, r.err).to.equal(2);
    expect(lines[0]).to.match(new RegExp(`^gameday: ${escape(file)}:\\d+:\\d+: `));
    expect(r.err, 'no stack trace').to.not.match(/\n\s+at /);
    expect(r.ms, `refused in ${r.ms.toFixed(0)} ms`).to.be.below(1000);
    expect(existsSync(results), 'no results directory').to.equal(false);
    expect(childPids(), 'no child process').to.deep.equal(before);
    expect(liveProcesses()).to.deep.equal([]);
    return lines.map((l) => l.replace(/^gameday: /, '').slice(file.length + 1));
  }

  it(`holds at least 60 hostile fixtures`, () => expect(files.length).to.be.at.least(60));

  for (const name of files) {
    it(`hostile/${name}`, async () => {
      const file = join(HOSTILE, name);
      const wanted = expectations(readFileSync(file, 'utf8'));
      expect(wanted.length, 'fixture has no # expect: lines').to.be.greaterThan(0);
      const got = await refused(file, join(tmp, name));
      expect(
        got.map((l) => l.split(' ')[0]),
        got.join('\n'),
      ).to.deep.equal(wanted.map((w) => `${w.line}:${w.col}:`));
      wanted.forEach((w, i) => expect(got[i], got.join('\n')).to.contain(w.fragment));
    });
  }

  it('a 50 MB file is refused by its size without being read', async () => {
    const file = join(tmp, 'huge.yaml');
    writeFileSync(file, 'apiVersion: gameday.istio.io/v1\n');
    truncateSync(file, 50 * 1024 * 1024);
    const [issue] = await refused(file, join(tmp, 'r-huge'));
    expect(issue).to.equal(
      `1:1: the file is ${50 * 1024 * 1024} bytes: over the limit of ${LIMITS.fileBytes} bytes (128 KiB) for a scenario`,
    );
  });

  it('10,000 faults are refused by the faults limit', async () => {
    const text = readFileSync(join(FIXTURES, 'valid', 'istiod-oom.yaml'), 'utf8').replace(
      /  faults:\n/,
      `  faults:\n${Array.from({ length: 10_000 }, (_, i) => `    - { type: istiod-oom, name: f${i}, at: 1s }\n`).join('')}`,
    );
    const file = join(tmp, 'many-faults.yaml');
    writeFileSync(file, text.slice(0, LIMITS.fileBytes - 1).replace(/\n[^\n]*$/, '\n'));
    const [issue] = await refused(file, join(tmp, 'r-many'));
    expect(issue).to.match(/spec\.faults has \d+ faults: over the limit of 16 faults per scenario$/);
  });

  it('100,000 open brackets are refused at the 33rd, without parsing them', async () => {
    const file = join(tmp, 'brackets.yaml');
    writeFileSync(file, `apiVersion: ${'['.repeat(100_000)}\n`);
    const [issue] = await refused(file, join(tmp, 'r-brackets'));
    expect(issue).to.equal(`1:${13 + LIMITS.depth}: nested deeper than the limit of ${LIMITS.depth} levels`);
  });

  it('a device or a named pipe is refused without waiting on it', async () => {
    expect((await refused('/dev/zero', join(tmp, 'r-zero')))[0]).to.equal('1:1: not a regular file: a scenario is a YAML file');
    const fifo = join(tmp, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    expect((await refused(fifo, join(tmp, 'r-fifo')))[0]).to.equal('1:1: not a regular file: a scenario is a YAML file');
  });

  it('the real CLI process exits 2 with one line per issue and no stack', () => {
    for (const name of ['alias-bomb-lists.yaml', 'binary-nul.yaml', 'events-per-second-1e309.yaml', 'image-subshell.yaml']) {
      const file = join(HOSTILE, name);
      const results = join(tmp, `spawned-${name}`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'run', file, '--results', results], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status, r.stderr).to.equal(2);
      expect(r.stderr.trimEnd().split('\n'), r.stderr).to.have.length(1);
      expect(r.stderr).to.match(new RegExp(`^gameday: ${escape(file)}:\\d+:\\d+: `));
      expect(existsSync(results)).to.equal(false);
    }
  });
});
