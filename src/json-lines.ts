/**
 * Reading a JSON-lines file another process may still be appending to (the
 * run's timeline, a training log): a last line without its newline that does
 * not parse is a write not finished yet, or torn by a crash, and is dropped;
 * a bad line anywhere else is corruption and throws with its line number.
 */
import { readFileSync } from 'node:fs';

/** Each line's JSON value with its 1-based line number; blank lines are skipped. */
export function readJsonLines(file: string): { value: unknown; line: number }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: { value: unknown; line: number }[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      out.push({ value: JSON.parse(text), line: i + 1 });
    } catch {
      if (i === lines.length - 1) return;
      throw new Error(`${file}:${i + 1}: not a JSON line`);
    }
  });
  return out;
}
