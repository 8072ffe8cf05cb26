/**
 * Writes schema/scenario.schema.json from src/scenario/schema.ts, the one
 * source of truth. Run `npm run schema` after changing the schema; a unit
 * test fails while the committed file differs from what this produces.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from '../src/scenario/json-schema.js';

export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'scenario.schema.json');

async function main(): Promise<void> {
  await mkdir(dirname(SCHEMA_FILE), { recursive: true });
  await writeFile(SCHEMA_FILE, renderJsonSchema());
  console.error(`wrote ${SCHEMA_FILE}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 3;
  });
}
