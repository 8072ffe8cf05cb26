/**
 * Reads the lines appended to a file that another program is writing
 * (k6's JSON output: block-buffered, flushed every ~200 ms). Reads from
 * where it left off; a partial last line waits for its newline.
 */
import { open, type FileHandle } from 'node:fs/promises';

export class LineTail {
  private offset = 0;
  private partial = '';
  private handle: FileHandle | undefined;

  constructor(readonly file: string) {}

  /** The complete lines added since the last call; none while the file does not exist yet. */
  async read(): Promise<string[]> {
    if (!this.handle) {
      try {
        this.handle = await open(this.file, 'r');
      } catch {
        return [];
      }
    }
    const chunks: Buffer[] = [];
    const buf = Buffer.alloc(1 << 16);
    for (;;) {
      const { bytesRead } = await this.handle.read(buf, 0, buf.length, this.offset);
      if (bytesRead === 0) break;
      this.offset += bytesRead;
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    if (chunks.length === 0) return [];
    const text = this.partial + Buffer.concat(chunks).toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.length > 0);
  }

  /** The last line even without its newline (the writer has exited). */
  async readRest(): Promise<string[]> {
    const lines = await this.read();
    if (this.partial) lines.push(this.partial);
    this.partial = '';
    return lines;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
