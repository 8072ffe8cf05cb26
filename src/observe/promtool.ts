/**
 * promtool, run before Prometheus starts so a broken rule file stops the
 * run as bad input (exit 2, with file:line) instead of as a Prometheus that
 * never becomes ready. Also `check rules` and `test rules` for the pack.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ComponentError, ScenarioError } from '../errors.js';
import { promtoolIssues } from './promtool-issues.js';

export interface PromtoolResult {
  ok: boolean;
  code: number | null;
  output: string;
}

export function runPromtool(promtool: string, args: string[]): Promise<PromtoolResult> {
  return new Promise((resolve) => {
    execFile(promtool, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ ok: !err, code, output: `${stdout}\n${stderr}` });
    });
  });
}

/**
 * `promtool check config`, which also checks every rule file the config
 * names. Problems in `ruleFiles` become a ScenarioError; anything else means
 * the harness wrote a bad config, a ComponentError.
 */
export async function checkConfig(promtool: string, configFile: string, ruleFiles: readonly string[]): Promise<void> {
  const res = await runPromtool(promtool, ['check', 'config', configFile]);
  if (res.ok) return;
  throwFor(res, ruleFiles);
}

/** `promtool check rules` on rule files; a ScenarioError names each problem. */
export async function checkRules(promtool: string, ruleFiles: readonly string[]): Promise<void> {
  const res = await runPromtool(promtool, ['check', 'rules', ...ruleFiles]);
  if (res.ok) return;
  throwFor(res, ruleFiles);
}

/** `promtool test rules` on unit-test files; the result carries promtool's report. */
export function testRules(promtool: string, testFiles: readonly string[]): Promise<PromtoolResult> {
  return runPromtool(promtool, ['test', 'rules', ...testFiles]);
}

function throwFor(res: PromtoolResult, ruleFiles: readonly string[]): never {
  const issues = promtoolIssues(res.output, ruleFiles, readOrNull);
  if (issues.length > 0) throw new ScenarioError(issues);
  throw new ComponentError('promtool', res.output.trim());
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
