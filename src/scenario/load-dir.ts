/**
 * A suite: every scenario in a directory (`*.yaml`, `*.yml`, not recursive),
 * loaded together so one run of `gameday suite` reports every file's issues,
 * including two files claiming the same metadata.name.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ScenarioError, type ScenarioIssue } from '../errors.js';
import { checkScenario, type LoadOptions } from './loader.js';
import type { Scenario } from './types.js';

export async function loadScenarioDir(dir: string, opts: LoadOptions): Promise<Scenario[]> {
  let entries: string[];
  try {
    entries = scenarioFileNames(await readdir(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ScenarioError([{ file: dir, line: 1, col: 1, message: `cannot read the scenario directory (${code})` }]);
  }
  if (entries.length === 0)
    throw new ScenarioError([{ file: dir, line: 1, col: 1, message: 'no scenario files (*.yaml) in this directory' }]);

  const results = await Promise.all(entries.map((f) => checkScenario(join(dir, f), opts)));
  const issues: ScenarioIssue[] = results.flatMap((r) => r.issues);
  const byName = new Map<string, string>();
  results.forEach((r, i) => {
    if (!r.value) return;
    const file = join(dir, entries[i]!);
    const other = byName.get(r.value.metadata.name);
    if (other) issues.push({ file, line: 1, col: 1, message: `metadata.name "${r.value.metadata.name}" is also used by ${other}` });
    else byName.set(r.value.metadata.name, file);
  });
  if (issues.length > 0) throw new ScenarioError(issues);
  return results.map((r) => r.value!);
}

/** The scenario files among a directory's entries, in the order suites run and list them. */
export function scenarioFileNames(entries: readonly string[]): string[] {
  return entries.filter((f) => /\.ya?ml$/.test(f)).sort();
}
