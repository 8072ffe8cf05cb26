/**
 * Seeded randomness, so a seed repeats a run exactly: mulberry32 (a small
 * PRNG) and FNV-1a (a string hash that turns a name into a seed). Pure: the
 * simulator model, the faults and the tests share it.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

/**
 * A class, not closures over a shared variable: the request walk draws a dozen
 * numbers a request, and V8 inlines a method of one known class where it
 * calls a closure. `next` stays usable taken on its own (the faults take it so).
 */
class Mulberry32 implements Rng {
  // The state is int32, not uint32: the same bits, but a small integer V8
  // keeps in place, where a uint32 over 2^31 would be a fresh heap number per draw.
  private a: number;
  readonly next: () => number;

  constructor(seed: number) {
    this.a = seed | 0;
    this.next = this.draw.bind(this);
  }

  private draw(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) | 0);
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.draw() * n);
  }
}

export function mulberry32(seed: number): Rng {
  return new Mulberry32(seed);
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
