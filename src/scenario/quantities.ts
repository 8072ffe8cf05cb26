/**
 * Kubernetes resource quantities: memory in bytes (`512Mi`, `2Gi`, `1G`,
 * `1.5Gi`, `128974848`, `129e6`, `500k`) and CPU in millicores (`50m`,
 * `0.05`, `2`). The spellings people carry over from other tools (`512MB`,
 * `2GiB`, `512K`) are refused with the two quantities they probably meant.
 */
import { fail, ok, show, type Parsed } from './parsed.js';

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 } as const;
const DECIMAL = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 } as const;

/** For the JSON Schema (strings only; plain numbers are bytes). */
export const MEMORY_PATTERN = '^[0-9]+(\\.[0-9]+)?([eE][0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$';
export const CPU_PATTERN = '^[0-9]+(\\.[0-9]+)?m?$';

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(?:[eE]([0-9]+)|([a-zA-Z]*))$/;

export function parseMemory(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return fail(`${input} is not a memory size: it must be 0 or more bytes`);
    return ok(Math.ceil(input));
  }
  if (typeof input !== 'string') return fail(`expected a memory quantity like 512Mi, got ${show(input)}`);
  const text = input.trim();
  if (text === '') return fail('empty memory quantity: write one like 512Mi or 2Gi');
  if (text.startsWith('-')) return fail(`${show(input)} is negative: memory must be 0 or more bytes`);
  const m = QUANTITY.exec(text);
  if (!m) return fail(`${show(input)} is not a memory quantity: write one like 512Mi, 2Gi or 1G`);
  const [, num, exp, suffix = ''] = m;
  const n = Number(num);
  if (exp !== undefined) return ok(Math.ceil(n * 10 ** Number(exp)));
  if (suffix === '') return ok(Math.ceil(n));
  if (suffix in BINARY) return ok(Math.ceil(n * BINARY[suffix as keyof typeof BINARY]));
  if (suffix in DECIMAL) return ok(Math.ceil(n * DECIMAL[suffix as keyof typeof DECIMAL]));
  return fail(`${show(input)}: unknown unit "${suffix}"${suggestUnit(num, suffix)}`);
}

/** `512MB` → did you mean 512Mi or 512M; `2GiB` → 2Gi; `512m` (millibytes!) → 512Mi. */
function suggestUnit(num: string, suffix: string): string {
  const trimmed = suffix.replace(/[bB]$/, '');
  if (/^[kKmMgGtTpPeE]i$/.test(trimmed)) return ` (did you mean ${num}${trimmed[0]!.toUpperCase()}i?)`;
  if (/^[kKmMgGtTpPeE]$/.test(trimmed)) {
    const letter = trimmed.toUpperCase();
    const decimal = letter === 'K' ? 'k' : letter;
    if (suffix === 'm') return ` (${num}m would be millibytes: did you mean ${num}Mi or ${num}M?)`;
    return ` (did you mean ${num}${letter}i or ${num}${decimal}?)`;
  }
  return ' (units: Ki, Mi, Gi, Ti for powers of 1024; k, M, G, T for powers of 1000)';
}

/** CPU as Kubernetes writes it: `50m` is 50 millicores, `0.05` and `"2"` are cores. */
export function parseCpuMilli(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input <= 0) return fail(`${input} is not a CPU amount: it must be more than 0 cores`);
    return ok(Math.ceil(input * 1000));
  }
  if (typeof input !== 'string') return fail(`expected a CPU amount like 50m or 0.05, got ${show(input)}`);
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(input.trim());
  if (!m) return fail(`${show(input)} is not a CPU amount: write millicores like 50m or cores like 0.05`);
  const value = Math.ceil(Number(m[1]) * (m[2] === 'm' ? 1 : 1000));
  if (value <= 0) return fail(`${show(input)} is not a CPU amount: it must be more than 0`);
  return ok(value);
}
