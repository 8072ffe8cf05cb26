/**
 * The configuration of `npm test`, which runs the test files in parallel
 * (`--parallel --jobs 3` in package.json; GAMEDAY_TEST_JOBS changes the 3):
 * most end-to-end tests spend their time waiting on the real clock — a
 * GameDay's phases, an alert's `for:`, a session's deadline — not on the CPU.
 * Mocha hands files to its workers in the order listed here, so the longest
 * files start first and the short ones fill in around them; a file not named
 * below runs after them, in path order.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- Mocha reads its configuration with require() */
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const LONGEST_FIRST = [
  'test/e2e/kube/kube-faults.test.ts',
  'test/e2e/train/idle.test.ts',
  'test/e2e/gameday/mission-faults.test.ts',
  'test/e2e/train/session.test.ts',
  'test/e2e/safety/interrupts.test.ts',
  'test/e2e/safety/crash-sample.test.ts',
  'test/e2e/kube/cluster-run.test.ts',
  'test/e2e/train/kubectl-changes.test.ts',
  'test/e2e/train/sim-apply.test.ts',
  'test/e2e/safety/apiserver-unreachable.test.ts',
  'test/e2e/safety/hostile-input.test.ts',
  'test/e2e/safety/prometheus-killed.test.ts',
  'test/e2e/safety/load-engine-killed.test.ts',
  'test/e2e/kind/cluster-lifecycle.test.ts',
  'test/e2e/kube/cluster-cli.test.ts',
];

const ROOT = join(__dirname, '..');

/** Test files under `dir`, relative to the project root, in path order. */
function testFiles(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []))
    .sort();
}

const all = [...testFiles('test/e2e'), ...testFiles('test/unit')];

module.exports = {
  'node-option': ['import=tsx'],
  spec: [...LONGEST_FIRST.filter((f) => all.includes(f)), ...all.filter((f) => !LONGEST_FIRST.includes(f))].map((f) => join(ROOT, f)),
  timeout: 20000,
  exit: false,
};
