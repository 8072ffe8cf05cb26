/**
 * Where a run's files go: `<root>/<UTC time>-<scenario>/`, e.g.
 * `results/20261124T070102Z-istiod-oom/`. The scenario name comes from a
 * file anyone can edit, so it is reduced to a safe slug and the result is
 * checked to stay inside the results root.
 */
import { mkdirSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

/** 2026-11-24T07:01:02.345Z → 20261124T070102Z */
export function compactUtc(t: number): string {
  return new Date(t)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function sanitiseName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/g, '');
  return slug === '' ? 'scenario' : slug;
}

export function runDirName(scenario: string, t: number): string {
  return `${compactUtc(t)}-${sanitiseName(scenario)}`;
}

/** `path` resolved, or a UsageError if it is not strictly inside `root`. */
export function confined(root: string, path: string): string {
  const r = resolve(root);
  const p = resolve(r, path);
  if (!p.startsWith(r + sep)) throw new UsageError(`${path} is outside the results directory ${r}`);
  return p;
}

/**
 * Creates the run directory and returns its absolute path. Two runs of one
 * scenario in the same second get `-2`, `-3`, … rather than sharing files.
 */
export function createRunDir(root: string, scenario: string, t: number): string {
  mkdirSync(resolve(root), { recursive: true });
  const base = runDirName(scenario, t);
  for (let n = 1; ; n++) {
    const dir = confined(root, n === 1 ? base : `${base}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
