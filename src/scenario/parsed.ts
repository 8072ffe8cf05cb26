/**
 * The result of turning one YAML value into a domain value: a union rather
 * than an exception, so the loader can collect every problem in a file.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

/** Renders a YAML value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
