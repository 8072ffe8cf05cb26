/** Paths shared by the scenario tests. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = resolve(PROJECT_ROOT, 'test', 'fixtures');

export interface Expectation {
  line: number;
  col: number;
  fragment: string;
}

/** The `# expect: line:col fragment` lines a fixture opens with: the issues loading it must report, in order. */
export function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const line of text.split('\n')) {
    const m = /^# expect: (\d+):(\d+) (.+)$/.exec(line);
    if (m) out.push({ line: Number(m[1]), col: Number(m[2]), fragment: m[3]! });
  }
  return out;
}
