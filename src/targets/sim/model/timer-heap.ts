/**
 * A binary min-heap of timed items ordered by (at, seq): events due at the
 * same instant fire in the order they were scheduled, so runs are deterministic.
 */
export interface Timed<T> {
  at: number;
  seq: number;
  item: T;
}

export class TimerHeap<T> {
  private h: Timed<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.h.length;
  }

  push(at: number, item: T): void {
    const h = this.h;
    const e: Timed<T> = { at, seq: this.seq++, item };
    // Sift up by moving parents down into the hole, then place the entry once.
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  /** Removes and returns the earliest item due at or before `t`, if any. */
  popDue(t: number): Timed<T> | undefined {
    const h = this.h;
    const top = h[0];
    if (!top || top.at > t) return undefined;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      // Sift the last entry down from the root the same way: children move up into the hole.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && less(h[r]!, h[l]!) ? r : l;
        if (!less(h[m]!, last)) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function less<T>(a: Timed<T>, b: Timed<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
