/** Paths shared by the scenario tests. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = resolve(PROJECT_ROOT, 'test', 'fixtures');
