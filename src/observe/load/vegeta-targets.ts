/**
 * The load spec as vegeta's invocation: its JSON targets (one request per
 * line, https://github.com/tsenart/vegeta#json-format) and the `attack`
 * arguments. vegeta cycles through its targets in order, so route weights
 * become repetitions, interleaved (smooth weighted round robin, as nginx
 * spreads upstream weights) so every second sees the same mix.
 */
import type { LoadRoute, LoadSpec } from '../../scenario/types.js';

/** More distinct entries than this only make the cycle longer, not the mix truer. */
const MAX_CYCLE = 1000;

export interface VegetaTarget {
  method: 'GET';
  url: string;
  header: Record<string, string[]>;
}

/** One target per route. */
export function targetFor(baseUrl: string, route: LoadRoute, headers: Record<string, string>): VegetaTarget {
  const header: Record<string, string[]> = {};
  for (const [k, v] of Object.entries({ ...headers, ...route.headers })) header[k] = [v];
  return { method: 'GET', url: baseUrl.replace(/\/+$/, '') + route.path, header };
}

/** The route index of each entry of one cycle, weights reduced and interleaved. */
export function weightedCycle(weights: readonly number[]): number[] {
  const g = weights.reduce(gcd);
  let w = weights.map((x) => x / g);
  const total = w.reduce((a, b) => a + b, 0);
  if (total > MAX_CYCLE) w = w.map((x) => Math.max(1, Math.round((x * MAX_CYCLE) / total)));
  const current = w.map(() => 0);
  const sum = w.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let n = 0; n < sum; n++) {
    let best = 0;
    for (let i = 0; i < w.length; i++) {
      current[i]! += w[i]!;
      if (current[i]! > current[best]!) best = i;
    }
    current[best]! -= sum;
    out.push(best);
  }
  return out;
}

/** The targets file's lines. */
export function vegetaTargetLines(baseUrl: string, load: Pick<LoadSpec, 'routes' | 'headers'>): string[] {
  const targets = load.routes.map((r) => JSON.stringify(targetFor(baseUrl, r, load.headers)));
  return weightedCycle(load.routes.map((r) => r.weight)).map((i) => targets[i]!);
}

/** vegeta's rate flag: whole requests per interval (`500/1s`, `1/2s` for 0.5/s). */
export function rateFlag(rate: number): string {
  if (Number.isInteger(rate)) return `${rate}/1s`;
  return `${Math.round(rate * 1000)}/1000s`;
}

/** The `vegeta attack` arguments, as an array (never a shell string). */
export function vegetaAttackArgs(o: Pick<LoadSpec, 'rate' | 'durationMs' | 'timeoutMs'>, targetsFile: string): string[] {
  return [
    'attack',
    '-name=gameday',
    '-format=json',
    `-targets=${targetsFile}`,
    `-rate=${rateFlag(o.rate)}`,
    `-duration=${Math.max(1, Math.round(o.durationMs))}ms`,
    `-timeout=${Math.max(1, Math.round(o.timeoutMs))}ms`,
    // Open model, bounded: enough workers to keep the rate while every request waits out the
    // timeout, and no more, so a hung mesh cannot make the attacker grow without end.
    `-max-workers=${Math.ceil(o.rate * Math.max(1, o.timeoutMs / 1000)) + 10}`,
    // Sockets bounded as the k6 script bounds its VUs (4 × max(10, rate ÷ 5)): past that, requests wait for a
    // connection and the wait counts as latency, instead of a slow start opening thousands of connections.
    `-max-connections=${Math.max(40, Math.ceil(o.rate * 0.8))}`,
    // Bodies are never looked at; the namespace comes from a header.
    '-max-body=0',
  ];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
