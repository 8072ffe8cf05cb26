/**
 * Rendered exposition lines per object (a pod, a container, a series), one
 * fragment per metric family, kept while what the object shows stays the
 * same. A scrape then costs what changed since the last one: unchanged
 * objects are not rendered again.
 *
 * Objects are grouped into blocks, and each family's lines of a block lie
 * back to back in one buffer, written as it is. Block boundaries depend on
 * the objects' keys alone (content-defined chunking: a key whose hash is 0
 * modulo the block size ends a block), so a pod created or deleted in one
 * namespace leaves every other block as it was. A block whose objects
 * changed, came or went is built again, its new lines encoded once and its
 * unchanged ones copied in runs. Most of the time a family's blocks lie in
 * one buffer laid out at once (one allocation, not one per block); see
 * `write` for when it is laid out again. When the exposition may recycle
 * (Exposition.recycle), a new layout goes into the buffer of the layout
 * before the last, which no block and no scrape still reads.
 */
import type { Exposition } from '../exposition.js';
import { fnv1a } from '../../../seeded-random.js';

/** Objects per block on average; a block never holds more than four times this. */
const BLOCK = 128;
const MAX_BLOCK = 4 * BLOCK;
/** A layout's buffer has this much room beyond its bytes, so a family that grows a little still fits the spare next time. */
const LAYOUT_SLACK = 1.125;

const EMPTY = Buffer.alloc(0);

/** One object's fragments; `memo` is the renderer's own record of what they show. */
export interface Fragments<M> {
  readonly key: string;
  memo: M | undefined;
}

interface Entry<M> extends Fragments<M> {
  /** Ends a block (see the file comment). */
  readonly boundary: boolean;
  /** Per family: lines set since the block was last built; null when they are `src[f]`'s range. */
  fresh: (string | null)[];
  /** Per family: the block buffer holding the lines, and where. */
  src: Buffer[];
  off: number[];
  len: number[];
  /** Families whose text changed since their block was last built, one bit each. */
  dirty: number;
  pass: number;
}

interface Block<M> {
  entries: Entry<M>[];
  /** Per family, the lines of every entry in order; null until built. */
  bufs: (Buffer | null)[];
}

export class FragmentCache<M = string> {
  private readonly entries = new Map<string, Entry<M>>();
  private pass = 0;
  private used: Entry<M>[] = [];
  /** Blocks of the last pass by their first entry. */
  private blocks = new Map<Entry<M>, Block<M>>();
  private order: Block<M>[] = [];
  /** Per family, the buffer of its last whole layout, in which most of its blocks' lines lie. */
  private readonly slabs: (Buffer | undefined)[] = [];
  /** Per family, the whole buffer of the layout before that one: no block reads it any more, only scrapes still being sent may. */
  private readonly spares: (Buffer | undefined)[] = [];

  /** `families`: how many fragments each object has, in the order they are written (at most 31). */
  constructor(private readonly families: number) {
    if (families > 31) throw new Error(`a fragment cache holds at most 31 families, not ${families}`);
  }

  /** Starts a render pass. */
  begin(): void {
    this.pass++;
    this.used = [];
  }

  /** The object's fragments, made empty on first sight; adds the object to this pass, after those added before it. */
  visit(key: string): Fragments<M> {
    let e = this.entries.get(key);
    if (e === undefined) {
      const n = this.families;
      e = {
        key,
        memo: undefined,
        boundary: fnv1a(key) % BLOCK === 0,
        fresh: Array.from({ length: n }, (): string | null => null),
        src: Array.from({ length: n }, () => EMPTY),
        off: Array.from({ length: n }, () => 0),
        len: Array.from({ length: n }, () => 0),
        dirty: (1 << n) - 1,
        pass: 0,
      };
      this.entries.set(key, e);
    }
    e.pass = this.pass;
    this.used.push(e);
    return e;
  }

  /** Replaces family `f`'s lines of an object visited in this pass (whole lines, `''` for none). */
  set(fragments: Fragments<M>, f: number, text: string): void {
    const e = fragments as Entry<M>;
    // The same lines again (a pod's status moved, but not in this family) leave its block as built.
    if (e.fresh[f] === null && e.len[f] === text.length && e.src[f]!.toString('utf8', e.off[f], e.off[f]! + e.len[f]!) === text) return;
    e.fresh[f] = text;
    e.dirty |= 1 << f;
  }

  /**
   * Adds the object to this pass, rendering it with `render` (one string of
   * whole lines per family, `''` for none) only when its signature changed.
   */
  add(key: string, signature: M, render: () => readonly string[]): void {
    const e = this.visit(key);
    if (e.memo === signature) return;
    const parts = render();
    if (parts.length !== this.families) throw new Error(`${key}: ${parts.length} fragments for ${this.families} families`);
    e.memo = signature;
    for (let f = 0; f < parts.length; f++) this.set(e, f, parts[f]!);
  }

  /** Ends the pass: forgets the objects it did not see and regroups the rest into blocks. */
  end(): void {
    // forEach, not for…of over [key, entry] pairs: that allocates a pair per object, every scrape of a churning mesh.
    if (this.entries.size !== this.used.length)
      this.entries.forEach((e, k) => {
        if (e.pass !== this.pass) this.entries.delete(k);
      });
    const blocks = new Map<Entry<M>, Block<M>>();
    const order: Block<M>[] = [];
    let start = 0;
    const used = this.used;
    for (let i = 0; i < used.length; i++) {
      if (!used[i]!.boundary && i + 1 < used.length && i + 1 - start < MAX_BLOCK) continue;
      const block = this.blockOf(used, start, i + 1);
      blocks.set(used[start]!, block);
      order.push(block);
      start = i + 1;
    }
    this.blocks = blocks;
    this.order = order;
  }

  /**
   * Writes family `f`'s lines of every object of this pass, in the order they
   * were added, block after block. Blocks whose objects changed, came or went
   * are built again: while most of the family's bytes still lie in its last
   * layout, each on its own; otherwise the whole family is laid out again in
   * one new buffer (unchanged blocks copied whole), so a few changed blocks
   * never copy a large family, and an old layout kept alive by the blocks
   * that did not change never holds much that is gone.
   */
  write(out: Exposition, f: number): void {
    const order = this.order;
    const stale = order.filter((b) => b.bufs[f] === null || b.bufs[f] === undefined);
    if (stale.length > 0) {
      let encoded = 0;
      const sizes = new Map<Block<M>, number>();
      for (const b of stale) {
        const m = measure(b.entries, f, encoded);
        encoded += m.encoded;
        sizes.set(b, m.total);
      }
      const slab = this.slabs[f];
      let live = 0;
      let total = 0;
      for (const b of order) {
        const buf = b.bufs[f];
        if (buf === null || buf === undefined) total += sizes.get(b)!;
        else {
          total += buf.length;
          if (slab !== undefined && buf.buffer === slab.buffer) live += buf.length;
        }
      }
      if (slab !== undefined && 4 * live >= 3 * slab.length && 4 * live >= 3 * total) {
        for (const b of stale) b.bufs[f] = fill(b.entries, f, Buffer.allocUnsafeSlow(sizes.get(b)!));
      } else {
        const next = this.layoutBuffer(f, total, out.recycle);
        let at = 0;
        for (const b of order) {
          const buf = b.bufs[f];
          const n = buf === null || buf === undefined ? sizes.get(b)! : buf.length;
          const to = next.subarray(at, at + n);
          b.bufs[f] = buf === null || buf === undefined ? fill(b.entries, f, to) : moved(b.entries, f, buf, to);
          at += n;
        }
        this.slabs[f] = next;
      }
    }
    for (const b of order) out.bytes(b.bufs[f]!);
  }

  /**
   * `total` bytes for a new layout of family `f`: the spare when it may be
   * recycled and is large enough, else a new buffer with some slack. The
   * current layout becomes the spare either way (blocks are copied out of it
   * into the new one, so it cannot be the new one).
   */
  private layoutBuffer(f: number, total: number, recycle: boolean): Buffer {
    const spare = this.spares[f];
    const whole = recycle && spare !== undefined && spare.length >= total ? spare : Buffer.allocUnsafeSlow(Math.ceil(total * LAYOUT_SLACK));
    const current = this.slabs[f];
    this.spares[f] = current === undefined ? undefined : Buffer.from(current.buffer, 0, current.buffer.byteLength);
    return whole.subarray(0, total);
  }

  /** The block of `used[from, to)`: last pass's, when it holds the same objects and none changed. */
  private blockOf(used: Entry<M>[], from: number, to: number): Block<M> {
    const old = this.blocks.get(used[from]!);
    let same = old !== undefined && old.entries.length === to - from;
    let dirty = 0;
    for (let i = from; i < to; i++) {
      const e = used[i]!;
      dirty |= e.dirty;
      e.dirty = 0;
      if (same && old!.entries[i - from] !== e) same = false;
    }
    if (same) {
      for (let f = 0; f < this.families; f++) if (dirty & (1 << f)) old!.bufs[f] = null;
      return old!;
    }
    return { entries: used.slice(from, to), bufs: new Array<Buffer | null>(this.families).fill(null) };
  }
}

/** Where new lines are encoded before they are copied into their block's buffer; grows, never shrinks. */
let scratch = Buffer.allocUnsafeSlow(1 << 20);
/** Marks lines just encoded into the scratch buffer (which may grow, and move, while a block is built). */
const IN_SCRATCH = Buffer.alloc(0);

/** Encodes `text` at `at` in the scratch buffer, growing it when it might not fit; returns the bytes written. */
function encode(text: string, at: number): number {
  // UTF-8 needs at most three bytes per UTF-16 unit.
  if (at + 3 * text.length > scratch.length) {
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * scratch.length, at + 3 * text.length));
    scratch.copy(bigger, 0, 0, at);
    scratch = bigger;
  }
  return scratch.write(text, at, 'utf8');
}

/**
 * Encodes the new lines of `run` (entries back to back) into the scratch
 * buffer at `at` as one string: joining is V8's fast path, while encoding
 * each line alone would first flatten each (a template literal is a rope),
 * three times slower. Returns the bytes written.
 */
function encodeRun<M>(run: readonly Entry<M>[], f: number, at: number): number {
  const texts = run.map((e) => e.fresh[f]!);
  const joined = texts.join('');
  const n = encode(joined, at);
  // All ASCII (the usual case) when bytes and UTF-16 units agree: each line's bytes are its length.
  const ascii = n === joined.length;
  let off = at;
  for (let i = 0; i < run.length; i++) {
    const e = run[i]!;
    const len = ascii ? texts[i]!.length : Buffer.byteLength(texts[i]!, 'utf8');
    e.src[f] = IN_SCRATCH;
    e.off[f] = off;
    e.len[f] = len;
    e.fresh[f] = null;
    off += len;
  }
  return n;
}

/**
 * The bytes family `f` of `entries` takes: their new lines are encoded into
 * the scratch buffer at `at`, a run of them at a time (`encoded` bytes),
 * the other lines are where the last build left them.
 */
function measure<M>(entries: readonly Entry<M>[], f: number, at: number): { total: number; encoded: number } {
  let total = 0;
  let used = at;
  let runFrom = -1;
  for (let i = 0; i <= entries.length; i++) {
    const fresh = i < entries.length && entries[i]!.fresh[f] !== null;
    if (fresh) {
      if (runFrom < 0) runFrom = i;
      continue;
    }
    if (runFrom >= 0) {
      const n = encodeRun(entries.slice(runFrom, i), f, used);
      used += n;
      total += n;
      runFrom = -1;
    }
    if (i < entries.length) total += entries[i]!.len[f]!;
  }
  return { total, encoded: used - at };
}

/** An unchanged block's lines copied to `to`, where its entries' lines now are. */
function moved<M>(entries: readonly Entry<M>[], f: number, from: Buffer, to: Buffer): Buffer {
  if (to.length === 0) return EMPTY;
  from.copy(to);
  for (const e of entries) e.src[f] = to;
  return to;
}

/**
 * Family `f`'s lines of `entries` (measured) copied into `buf`, which
 * then holds them: runs of lines that lie back to back, in the scratch or
 * in an old block buffer, are copied at once.
 */
function fill<M>(entries: readonly Entry<M>[], f: number, buf: Buffer): Buffer {
  if (buf.length === 0) {
    for (const e of entries) e.src[f] = EMPTY;
    return EMPTY;
  }
  let at = 0;
  // The run of lines not yet copied: [runStart, runEnd) of runSrc.
  let runSrc: Buffer = EMPTY;
  let runStart = 0;
  let runEnd = 0;
  for (const e of entries) {
    const src = e.src[f] === IN_SCRATCH ? scratch : e.src[f]!;
    const off = e.off[f]!;
    if (src !== runSrc || off !== runEnd) {
      if (runEnd > runStart) at += runSrc.copy(buf, at, runStart, runEnd);
      runSrc = src;
      runStart = runEnd = off;
    }
    e.src[f] = buf;
    e.off[f] = at + (runEnd - runStart);
    runEnd += e.len[f]!;
  }
  if (runEnd > runStart) runSrc.copy(buf, at, runStart, runEnd);
  return buf;
}
