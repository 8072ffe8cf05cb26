/**
 * mulberry32: a small seeded PRNG, so the same seed and the same calls give
 * the same model. Two streams per model (mechanisms, requests) keep request
 * traffic from changing what the control plane does.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** FNV-1a over a string, as unsigned 32 bits: template hashes and digests. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style safe suffix (`6d9f7c8b5`, `x7k2p`) from a number. */
export function safeSuffix(n: number, len: number): string {
  let out = '';
  let v = n >>> 0;
  for (let i = 0; i < len; i++) {
    out += ALNUM[v % ALNUM.length];
    v = Math.imul(v ^ (v >>> 13), 0x5bd1e995) >>> 0;
  }
  return out;
}
