/** result.json, written whole and read back with its schema version checked. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_SCHEMA_VERSION, type RunResult } from './result.js';
import { writeFileAtomic } from './write-atomic.js';

export const RESULT_FILE = 'result.json';

export function renderResultJson(r: RunResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** Writes through a temporary file (fsync, rename) so a reader never sees half a result. */
export function writeResultJson(dir: string, r: RunResult): string {
  const file = join(dir, RESULT_FILE);
  writeFileAtomic(file, renderResultJson(r));
  return file;
}

export function readResultJson(file: string): RunResult {
  const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof v !== 'object' || v === null || (v as { schemaVersion?: unknown }).schemaVersion !== RESULT_SCHEMA_VERSION) {
    throw new Error(`${file}: not a ${RESULT_SCHEMA_VERSION} result`);
  }
  return v as RunResult;
}
