/**
 * Every socket a GameDay listens on is bound to loopback: the embedded
 * simulator's ingress and control API, Prometheus, Alertmanager and the
 * alert webhook. Read from the kernel (/proc/net/tcp and tcp6, matched by
 * socket inode to the run's own process tree), not from the harness's config,
 * so a component that ignored the address it was given would be caught.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { pollUntil } from '../../../src/process/poll-until.js';
import { projectRoot } from '../../../src/project-root.js';
import { childPids } from './support.js';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const SCENARIO = join(projectRoot(), 'test', 'fixtures', 'valid', 'deny-policy-brief.yaml');
/** TCP state LISTEN in /proc/net/tcp (include/net/tcp_states.h). */
const TCP_LISTEN = '0A';

interface Listener {
  pid: number;
  program: string;
  address: string;
  port: number;
}

describe('e2e: every listener of a run is on loopback', function () {
  this.timeout(120_000);
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'gameday-listeners-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the simulator, Prometheus, Alertmanager and the webhook listen on 127.0.0.1 only', async () => {
    const results = join(root, 'results');
    const run = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', SCENARIO, '--results', results], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    run.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => run.once('exit', (c) => r(c)));
    try {
      // By the observe phase everything the run starts is up: the load, the target, the observers.
      const observing = await pollUntil(async () => inPhase(results, 'observe'), { timeoutMs: 90_000, intervalMs: 100 });
      expect(observing, err).to.equal(true);
      const found = listenersOf([run.pid!, ...descendants(run.pid!)]);
      const programs = new Set(found.map((l) => l.program));
      // Something of each kind must be seen, or the check below would pass on nothing.
      expect([...programs].sort(), JSON.stringify(found)).to.include.members(['alertmanager', 'node', 'prometheus']);
      expect(found.filter((l) => l.program === 'node').length, JSON.stringify(found)).to.be.at.least(3);
      expect(
        found.filter((l) => l.address !== '127.0.0.1').map((l) => `${l.program} (pid ${l.pid}) on ${l.address}:${l.port}`),
      ).to.deep.equal([]);
    } finally {
      run.kill('SIGINT');
      await exited;
    }
  });
});

function inPhase(results: string, phase: string): boolean {
  if (!existsSync(results)) return false;
  return readdirSync(results).some((d) => {
    const file = join(results, d, 'timeline.jsonl');
    if (!existsSync(file)) return false;
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .some((l) => {
        try {
          const e = JSON.parse(l) as { kind: string; phase?: string };
          return e.kind === 'phase' && e.phase === phase;
        } catch {
          return false; // A line still being written.
        }
      });
  });
}

function descendants(pid: number): number[] {
  const kids = childPids(pid);
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** The listening TCP sockets held by `pids`, with the address each is bound to. */
function listenersOf(pids: number[]): Listener[] {
  const owner = new Map<string, { pid: number; program: string }>();
  for (const pid of pids) {
    let program: string;
    let fds: string[];
    try {
      program = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // Exited while we looked.
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) owner.set(m[1]!, { pid, program: program.startsWith('prometheus-ale') ? 'alertmanager' : program });
      } catch {
        // Closed while we looked.
      }
    }
  }
  const found: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== TCP_LISTEN) continue;
      const who = owner.get(cols[9]!);
      if (!who) continue;
      const [hex, port] = cols[1]!.split(':') as [string, string];
      found.push({ ...who, address: decodeAddress(hex), port: parseInt(port, 16) });
    }
  }
  return found;
}

/** /proc/net/tcp{,6} print addresses as 32-bit words in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((w) =>
    w
      .match(/../g)!
      .reverse()
      .map((b) => parseInt(b, 16)),
  );
  if (words.length === 1) return words[0]!.join('.');
  // IPv4 mapped into IPv6 (::ffff:a.b.c.d) is the IPv4 address; anything else is printed as IPv6.
  const bytes = words.flat();
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':') === '0:0:0:0:0:0:0:1' ? '::1' : groups.join(':');
}
