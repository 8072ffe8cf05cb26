/**
 * Wall time of the mission suite: `gameday suite scenarios/` on the
 * simulator, as a user runs it (the built CLI in its own process), with
 * the verdict of every scenario.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root.js';

export async function runSuiteBench(parallel = Number(process.env.SUITE_PARALLEL ?? 6)): Promise<Record<string, number | string>> {
  const root = projectRoot();
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin', 'gameday.js'), 'suite', 'scenarios/', '--parallel', String(parallel), '--log-format', 'json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const seconds = (performance.now() - started) / 1000;
  const verdicts = out
    .split('\n')
    .map((l) => /^(met|missed|not-steady|aborted|error)\s+(\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[2]}=${m[1]}`);
  return { parallel, 'wall time (s)': Math.round(seconds), 'exit code': code ?? 'signal', scenarios: verdicts.length, verdicts: verdicts.join(' ') };
}
