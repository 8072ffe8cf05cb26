/**
 * Reading a tool's version from what it prints, and comparing it with the
 * version the harness was tested with. Pure, so every format is unit-tested.
 */

/** `2.42.0` from `prometheus, version 2.42.0+ds (branch…`, `k6 v1.8.1 (go1.26…`, `Client Version: v1.29.0`, … */
export function parseVersion(output: string): string | null {
  // The first x.y.z after the word "version" or a "v" prefix; falls back to the first x.y.z at all
  // (istioctl --remote=false prints a bare `1.24.1`).
  const labelled = /(?:version[:\s]+v?|\bv)(\d+\.\d+\.\d+)/i.exec(output);
  if (labelled?.[1]) return labelled[1];
  return /\b(\d+\.\d+\.\d+)\b/.exec(output)?.[1] ?? null;
}

/**
 * Whether `version` is one the harness was tested with: `tested` is a
 * prefix on whole components (`2.42` accepts `2.42.0` and `2.42.7`,
 * `1.8.1` only `1.8.1`).
 */
export function isTestedVersion(version: string, tested: string): boolean {
  const have = version.split('.');
  return tested.split('.').every((part, i) => have[i] === part);
}
