/**
 * Ratios: `99.5%` or `0.995`, both 0.995. A number above 1 is refused rather
 * than guessed at (`99.5` is almost certainly a percentage missing its `%`).
 */
import { fail, ok, show, type Parsed } from './parsed.js';

export const RATIO_PATTERN = '^[0-9]+(\\.[0-9]+)?%$';

export function parseRatio(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (input > 1) return fail(`${input} is more than 1: write ${input}% for a percentage, or a ratio like 0.995`);
    if (!(input >= 0)) return fail(`${input} is not a ratio: it must be between 0 and 1 (or 0% and 100%)`);
    return ok(input);
  }
  if (typeof input !== 'string') return fail(`expected a percentage like 99.5% or a ratio like 0.995, got ${show(input)}`);
  const text = input.trim();
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*%$/.exec(text);
  if (m) {
    const pct = Number(m[1]);
    if (pct > 100) return fail(`${show(input)} is more than 100%`);
    // Divide a scaled integer so 99.5% is exactly 0.995, not 0.9950000000000001.
    return ok(Number((pct / 100).toPrecision(12)));
  }
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return parseRatio(Number(text));
  if (text.startsWith('-')) return fail(`${show(input)} is negative: it must be between 0% and 100%`);
  return fail(`${show(input)} is not a percentage: write one like 99.5% or a ratio like 0.995`);
}
