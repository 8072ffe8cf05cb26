/**
 * Durations as scenario authors write them (`500ms`, `90s`, `2m`, `1h30m`,
 * `1.5h`), in milliseconds. A bare number is refused (is `90` seconds or
 * milliseconds?) except 0, which means the same in every unit.
 */
import { fail, ok, show, type Parsed } from './parsed.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** For the JSON Schema: editors flag a bad duration as it is typed. */
export const DURATION_PATTERN = '^(0|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$';

export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

const PART_GLOBAL = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;

export function parseDuration(input: unknown): Parsed<number> {
  if (input === 0 || input === '0') return ok(0);
  if (typeof input === 'number') {
    if (input < 0) return fail(`${input} is negative: durations must be 0 or more`);
    return fail(`${input} has no unit: write ${input}s or ${input}ms (units: ms, s, m, h)`);
  }
  if (typeof input !== 'string') return fail(`expected a duration like 90s, got ${show(input)}`);
  const text = input.trim();
  if (text === '') return fail('empty duration: write one like 90s, 2m or 1h30m');
  if (text.startsWith('-')) return fail(`${show(input)} is negative: durations must be 0 or more`);
  // The pattern admits exactly a sequence of number-unit pairs; then sum them.
  if (!new RegExp(DURATION_PATTERN).test(text)) return fail(explain(text));
  let total = 0;
  for (const m of text.matchAll(PART_GLOBAL)) total += Number(m[1]) * UNIT_MS[m[2] as Unit];
  // Past this, timers overflow (Node clamps delays over 2^31-1 ms to 1 ms) and no GameDay lasts that long.
  if (total > MAX_DURATION_MS) return fail(`${show(input)} is out of range: over the limit of 168h (7 days) for any duration`);
  return ok(Math.round(total));
}

// Units people bring from elsewhere, and the one they meant.
const ALIASES: Record<string, Unit> = {
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  msec: 'ms',
  millis: 'ms',
  S: 's',
  M: 'm',
  H: 'h',
  MS: 'ms',
};

function explain(text: string): string {
  if (/\s/.test(text)) return `${show(text)}: write a duration without spaces, like 90s or 1h30m`;
  for (const [, num, unit] of text.matchAll(/([0-9.]+)([a-zA-Z]*)/g)) {
    if (unit === '') return `${show(text)}: ${num} has no unit (units: ms, s, m, h)`;
    if (!(unit! in UNIT_MS)) {
      const meant = ALIASES[unit!];
      return `${show(text)}: unknown unit "${unit}" ${meant ? `(did you mean ${num}${meant}?)` : '(units: ms, s, m, h)'}`;
    }
  }
  return `${show(text)} is not a duration: write one like 500ms, 90s, 2m or 1h30m`;
}

/** The shortest exact spelling: 90000 → `1m30s`, 1500 → `1s500ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration: ${ms}`);
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out;
}
