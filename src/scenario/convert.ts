/**
 * Conversions the normaliser applies to schema-valid values. The schema has
 * already checked them, so a failure here is unexpected; it is still
 * recorded as an issue at its path rather than thrown.
 */
import { parseDuration } from './durations.js';
import { formatPath, type PathIssue, type PathSegment } from './issue.js';
import type { Parsed } from './parsed.js';
import { parseCpuMilli, parseMemory } from './quantities.js';
import { parseRatio } from './ratios.js';

export class Convert {
  readonly issues: PathIssue[] = [];

  ms = (v: unknown, path: PathSegment[]): number => this.take(parseDuration(v), path);
  bytes = (v: unknown, path: PathSegment[]): number => this.take(parseMemory(v), path);
  milli = (v: unknown, path: PathSegment[]): number => this.take(parseCpuMilli(v), path);
  ratio = (v: unknown, path: PathSegment[]): number => this.take(parseRatio(v), path);

  /** Optional fields stay absent; present ones are converted. */
  optMs = (v: unknown, path: PathSegment[]): number | undefined => (v === undefined ? undefined : this.ms(v, path));
  optBytes = (v: unknown, path: PathSegment[]): number | undefined => (v === undefined ? undefined : this.bytes(v, path));
  optMilli = (v: unknown, path: PathSegment[]): number | undefined => (v === undefined ? undefined : this.milli(v, path));
  /** `null` removes a limit (set-memory-limit, install-revision). */
  nullableBytes = (v: unknown, path: PathSegment[]): number | null => (v === null || v === undefined ? null : this.bytes(v, path));

  private take(p: Parsed<number>, path: PathSegment[]): number {
    if (p.ok) return p.value;
    this.issues.push({ path, message: `${formatPath(path)}: ${p.message}` });
    return 0;
  }
}
