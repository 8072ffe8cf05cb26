/**
 * Turns the scenario arguments of a command (files or directories) into a
 * sorted list of files, so `validate`, `plan` and `suite` agree on what
 * "scenarios/" means.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { scenarioFileNames } from '../scenario/index.js';

export function expandScenarioPaths(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (isDir) {
      const found = scenarioFileNames(readdirSync(abs)).map((f) => join(abs, f));
      if (found.length === 0) throw new UsageError(`${p}: no scenario files (*.yaml) in this directory`);
      files.push(...found);
    } else files.push(abs);
  }
  return files;
}
