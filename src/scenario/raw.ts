/**
 * Careful reads of a document that may not match the schema yet, so the
 * semantic rules can run (and report) even when the schema found problems.
 */
import { parseDuration } from './durations.js';
import type { PathSegment } from './issue.js';

export function at(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

export const list = (value: unknown, path: readonly PathSegment[]): unknown[] => {
  const v = at(value, path);
  return Array.isArray(v) ? v : [];
};

export const text = (value: unknown, path: readonly PathSegment[]): string | undefined => {
  const v = at(value, path);
  return typeof v === 'string' ? v : undefined;
};

/** The duration at `path` in ms, or undefined when absent or not a duration (the schema reports that). */
export const ms = (value: unknown, path: readonly PathSegment[]): number | undefined => {
  const v = at(value, path);
  if (v === undefined) return undefined;
  const p = parseDuration(v);
  return p.ok ? p.value : undefined;
};
