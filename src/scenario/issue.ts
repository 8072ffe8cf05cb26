/**
 * A problem found in a scenario before it has a position: the path of the
 * YAML node it concerns. The loader turns the path into file:line:col.
 */
export type PathSegment = string | number;

export interface PathIssue {
  path: PathSegment[];
  message: string;
  /** Point at the key of the last segment rather than its value (unknown or misspelt keys). */
  at?: 'key' | 'value';
}

/** `spec.faults[0].params`, the way messages name a place. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? 'the document' : out;
}
