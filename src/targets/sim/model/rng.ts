/**
 * The model's seeded randomness (two streams per model, mechanisms and
 * requests, keep request traffic from changing what the control plane does)
 * and Kubernetes-style name suffixes.
 */
export { fnv1a, mulberry32, type Rng } from '../../../seeded-random.js';

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
