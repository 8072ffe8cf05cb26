/**
 * Prometheus text exposition format 0.0.4, written by hand because the
 * simulator renders tens of thousands of series per scrape and needs no
 * registry machinery: families are written in order, each once, with HELP and
 * TYPE first. Labels are passed pre-rendered (`a="x",b="y"`, see `labelBody`)
 * so hot paths render a series' labels once and reuse the string.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

/** Content type Prometheus expects for this format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const LABEL_ESCAPES = /[\\"\n]/g;
const HELP_ESCAPES = /[\\\n]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n' };

export function escapeLabelValue(v: string): string {
  return v.replace(LABEL_ESCAPES, (c) => ESCAPED[c] ?? c);
}

function escapeHelp(v: string): string {
  return v.replace(HELP_ESCAPES, (c) => ESCAPED[c] ?? c);
}

/** `a="x",b="y"` in the given key order: the inside of a series' braces. */
export function labelBody(labels: Labels): string {
  let out = '';
  for (const k in labels) {
    if (out) out += ',';
    out += `${k}="${escapeLabelValue(labels[k] ?? '')}"`;
  }
  return out;
}

/** Joins two label bodies (either may be empty). */
export function joinLabels(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a},${b}`;
}

/** Go's float formatting as Prometheus clients print it: `+Inf`, `NaN`, integers without a point. */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** A histogram's data with per-bucket (not cumulative) counts; observations above the last bound go to `overflow`. */
export interface HistogramData {
  bounds: readonly number[];
  counts: ArrayLike<number>;
  overflow: number;
  sum: number;
  count: number;
}

export class Exposition {
  /**
   * Whether every earlier exposition of this job has been sent (or dropped),
   * so a renderer may write this one into the buffers it used for them instead
   * of new ones. Tens of megabytes of fresh buffers a scrape make V8 collect
   * the whole heap every second or two; see MeshMetrics.scrapeChunks.
   */
  recycle = false;
  /** Text written since the last cached fragment. */
  private out = '';
  /** Earlier text and cached fragments, in order: joined once, in `toBuffer`. */
  private readonly chunks: (string | Buffer)[] = [];
  private readonly seen = new Set<string>();

  /**
   * Starts a family. A family may be opened once per exposition: Prometheus
   * rejects a scrape in which one name's samples are split by another name.
   */
  family(name: string, type: MetricType, help: string): this {
    if (this.seen.has(name)) throw new Error(`metric family ${name} written twice in one exposition`);
    this.seen.add(name);
    this.out += `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
    return this;
  }

  /** One sample; `labels` is a label body from `labelBody` (empty for none). */
  sample(name: string, labels: string, value: number): this {
    this.out += labels ? `${name}{${labels}} ${formatValue(value)}\n` : `${name} ${formatValue(value)}\n`;
    return this;
  }

  /** Whole lines of exposition text, already rendered. */
  text(lines: string): this {
    this.out += lines;
    return this;
  }

  /**
   * Whole lines already encoded (a cached fragment). Kept as bytes because a
   * string made of a hundred thousand cached pieces costs more to flatten and
   * encode than the pieces cost to copy.
   */
  bytes(lines: Buffer): this {
    if (lines.length === 0) return this;
    if (this.out) this.chunks.push(this.out);
    this.out = '';
    this.chunks.push(lines);
    return this;
  }

  /**
   * The `_bucket`/`_sum`/`_count` series of one histogram. `leLabels` are the
   * rendered `le="…"` suffixes for `bounds` (see `leLabelsFor`), cached by
   * callers that write the same bounds many times.
   */
  histogram(name: string, labels: string, h: HistogramData, leLabels: readonly string[] = leLabelsFor(h.bounds)): this {
    const prefix = labels ? `${name}_bucket{${labels},` : `${name}_bucket{`;
    let cumulative = 0;
    let out = '';
    for (let i = 0; i < h.bounds.length; i++) {
      cumulative += h.counts[i] ?? 0;
      out += `${prefix}${leLabels[i]}} ${formatValue(cumulative)}\n`;
    }
    out += `${prefix}le="+Inf"} ${formatValue(h.count)}\n`;
    this.out += out;
    this.sample(`${name}_sum`, labels, h.sum);
    this.sample(`${name}_count`, labels, h.count);
    return this;
  }

  /**
   * The bytes to send, as the pieces they were written in: a listener writes
   * them one after another, so cached fragments go out without being copied
   * into one buffer of tens of megabytes first.
   */
  toChunks(): Buffer[] {
    const all = this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
    if (this.out) all.push(Buffer.from(this.out, 'utf8'));
    return all;
  }

  /** The bytes to send in one buffer. */
  toBuffer(): Buffer {
    if (this.chunks.length === 0) return Buffer.from(this.out, 'utf8');
    return Buffer.concat(this.toChunks());
  }

  toString(): string {
    return this.chunks.length === 0 ? this.out : this.toBuffer().toString('utf8');
  }
}

/** `le="0.5"`, … for each bound. */
export function leLabelsFor(bounds: readonly number[]): string[] {
  return bounds.map((b) => `le="${formatValue(b)}"`);
}
