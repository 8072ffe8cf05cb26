/**
 * From a path in the parsed YAML (`spec.faults[0].at`) back to where it is
 * written, so every issue can say file:line:col. Falls back to the closest
 * ancestor that exists: a missing key is reported where its parent is.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './issue.js';

export interface LineCol {
  line: number;
  col: number;
}

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the node at `path` (its key when `at` is 'key'), or of its closest existing ancestor. */
  locate(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): LineCol {
    let node: unknown = this.doc.contents;
    // The key of the pair we last descended through: where a missing or empty value is reported.
    let key: Node | null = null;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        if (isLast && at === 'key') return this.pos(pair.key as Node);
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        key = null;
        node = node.items[seg];
      } else {
        break;
      }
    }
    const empty = !node || (isScalar(node) && node.value === null && (node.source === '' || node.source === undefined));
    if (empty && key) return this.pos(key);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) return this.pos(node as Node);
    if (key) return this.pos(key);
    return { line: 1, col: 1 };
  }

  /** Position of a character offset in the source. */
  offset(offset: number): LineCol {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  private pos(node: Node): LineCol {
    return node.range ? this.offset(node.range[0]) : { line: 1, col: 1 };
  }
}
