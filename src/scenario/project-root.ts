/**
 * The project root: the nearest directory, from a starting point upwards,
 * whose package.json names istio-gameday. Load scripts are confined to it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export const PROJECT_PACKAGE_NAME = 'istio-gameday';

export async function findProjectRoot(from: string): Promise<string> {
  let dir = resolve(from);
  for (;;) {
    if (await isProjectRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new UsageError(
        `no ${PROJECT_PACKAGE_NAME} project found in ${resolve(from)} or above it (looked for a package.json named "${PROJECT_PACKAGE_NAME}")`,
      );
    dir = parent;
  }
}

async function isProjectRoot(dir: string): Promise<boolean> {
  try {
    const pkg: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === PROJECT_PACKAGE_NAME;
  } catch {
    // No package.json here, or not JSON: keep walking up.
    return false;
  }
}
