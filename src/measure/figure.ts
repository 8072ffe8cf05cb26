/**
 * A measured figure as it appears in result.json: the number, its unit, the
 * exact definition it was computed by, and why it is absent when it is.
 * Carrying the definition with every number keeps a report honest when it
 * is pasted somewhere the README is not.
 */
export type FigureUnit = 'ms' | 'requests' | 'ratio' | 'seconds' | 'count';

export interface Figure {
  value: number | null;
  unit: FigureUnit;
  definition: string;
  /** Why `value` is null, or a caveat on it (an upper bound, not applicable). */
  reason?: string;
}

export function figure(value: number | null, unit: FigureUnit, definition: string, reason?: string): Figure {
  return reason === undefined ? { value, unit, definition } : { value, unit, definition, reason };
}
