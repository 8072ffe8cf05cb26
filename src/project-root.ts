/**
 * The project root: the nearest directory, from a starting point upwards,
 * whose package.json names istio-gameday. Load scripts are confined to it;
 * the rule pack, k6 scripts for users of k6 and `.tools/` are found under it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

export const PROJECT_PACKAGE_NAME = 'istio-gameday';

/** The project a command runs in, found from its working directory. */
export async function findProjectRoot(from: string): Promise<string> {
  const root = walkUp(resolve(from));
  if (root === null) {
    throw new UsageError(`no ${PROJECT_PACKAGE_NAME} project found in ${resolve(from)} or above it (looked for a package.json named "${PROJECT_PACKAGE_NAME}")`);
  }
  return root;
}

let harness: string | undefined;

/** Where this copy of the harness lives, found from this module (right from `src/` under tsx and from `dist/`). */
export function projectRoot(): string {
  harness ??= walkUp(dirname(fileURLToPath(import.meta.url))) ?? undefined;
  if (!harness) throw new Error(`cannot find the ${PROJECT_PACKAGE_NAME} installation above ${fileURLToPath(import.meta.url)}`);
  return harness;
}

function walkUp(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) return dir;
    if (dirname(dir) === dir) return null;
  }
}

function isProjectRoot(dir: string): boolean {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === PROJECT_PACKAGE_NAME;
  } catch {
    // No package.json here, or not JSON: keep walking up.
    return false;
  }
}
