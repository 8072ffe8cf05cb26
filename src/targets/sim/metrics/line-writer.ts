/**
 * Exposition lines written straight into bytes: a line start encoded once
 * (the series name and labels, as a Buffer) and a value appended as ASCII.
 * For families whose every line changes every scrape (cAdvisor's CPU
 * counters) this costs two small copies a line, where building each line as
 * a string and encoding the joined text costs several times more and leaves
 * that much more garbage.
 *
 * Each `done()` hands over a buffer of its own: the scrape it goes to may
 * still be leaving the socket while the next one is written. A writer may
 * start in the buffer an earlier one handed over (`recycled`), once nothing
 * reads that any more (Exposition.recycle).
 */
import { formatValue } from '../exposition.js';

const NEWLINE = 0x0a;
/** Longest value `formatValue` writes: `-1.2345678901234567e-308` is 24 characters. */
const MAX_VALUE = 24;

export class LineWriter {
  private buf: Buffer;
  private at = 0;

  /** `expected`: the bytes a scrape is likely to need (the last one's size); the buffer grows past it when needed. */
  constructor(expected: number, recycled?: Buffer) {
    this.buf = recycled !== undefined && recycled.length >= expected ? recycled : Buffer.allocUnsafeSlow(Math.max(1024, expected));
  }

  /** One line: `start` (name, labels and the space before the value), the value, a newline. */
  line(start: Buffer, value: number): void {
    if (this.at + start.length + MAX_VALUE + 1 > this.buf.length) this.grow(start.length + MAX_VALUE + 1);
    const buf = this.buf;
    // TypedArray#set and a loop over a short ASCII string: no call into C++ for each of tens of thousands of lines.
    buf.set(start, this.at);
    let at = this.at + start.length;
    const text = formatValue(value);
    for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
    buf[at++] = NEWLINE;
    this.at = at;
  }

  /** The lines written, as one buffer no later writer touches unless given it to recycle. */
  done(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** The whole buffer the lines were written into, to hand to a later writer as `recycled`. */
  buffer(): Buffer {
    return this.buf;
  }

  private grow(need: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.at + need));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}
