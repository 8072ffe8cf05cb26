/**
 * Rendered exposition lines per object (a pod, a container), one fragment per
 * metric family, kept while the object's signature — the values its
 * lines show — stays the same. A scrape then costs what changed since the
 * last one: unchanged objects are copied, not rendered.
 */
import type { Exposition } from '../exposition.js';

const EMPTY = Buffer.alloc(0);

interface Entry {
  signature: string;
  /** The lines of each family, encoded. */
  parts: readonly Buffer[];
  /** The render pass that last used it: entries a pass did not use belong to objects that are gone. */
  pass: number;
}

export class FragmentCache {
  private readonly entries = new Map<string, Entry>();
  private pass = 0;
  private used: Entry[] = [];

  /** `families`: how many fragments each object has, in the order they are written. */
  constructor(private readonly families: number) {}

  /** Starts a render pass. */
  begin(): void {
    this.pass++;
    this.used = [];
  }

  /**
   * Adds the object to this pass, rendering it with `render` (one string of
   * whole lines per family, `''` for none) only when its signature changed.
   */
  add(key: string, signature: string, render: () => readonly string[]): void {
    let e = this.entries.get(key);
    if (e === undefined || e.signature !== signature) {
      const parts = render();
      if (parts.length !== this.families) throw new Error(`${key}: ${parts.length} fragments for ${this.families} families`);
      e = { signature, parts: parts.map((t) => (t ? Buffer.from(t, 'utf8') : EMPTY)), pass: 0 };
      this.entries.set(key, e);
    }
    e.pass = this.pass;
    this.used.push(e);
  }

  /** Writes family `f`'s fragment of every object added in this pass, in the order they were added. */
  write(out: Exposition, f: number): void {
    for (const e of this.used) out.bytes(e.parts[f]!);
  }

  /** Ends the pass: forgets the objects it did not see. */
  end(): void {
    if (this.entries.size === this.used.length) return;
    for (const [k, e] of this.entries) if (e.pass !== this.pass) this.entries.delete(k);
  }
}
