import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read from the file at a time. */
const chunkBytes = 1 << 20;

/**
 * The lines of a UTF-8 text file, read in 1 MB chunks so that a large file is never held whole. Lines
 * end at `\r\n`, `\n` or `\r` (as `text.split(/\r\n|\n|\r/)` cuts them, a final empty line included);
 * a leading byte order mark is dropped. `lineNumber` is the number of the line `next()` returned last.
 *
 * @example
 * ```ts
 * const lines = new FileLines('bars.csv');
 * for (let line = lines.next(); line !== undefined; line = lines.next()) console.log(lines.lineNumber, line);
 * lines.close();
 * ```
 */
export class FileLines {
  lineNumber = 0;
  private descriptor: number | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private readonly buffer = Buffer.allocUnsafe(chunkBytes);
  private text = '';
  private position = 0;
  private ended = false;
  private started = false;

  constructor(readonly path: string) {
    this.descriptor = openSync(path, 'r');
  }

  /** The next line, without its line break; undefined after the last one. */
  next(): string | undefined {
    for (;;) {
      const end = this.lineEnd();
      if (end !== -1) {
        const line = this.text.slice(this.position, end);
        const breakLength = this.text.charCodeAt(end) === 13 && this.text.charCodeAt(end + 1) === 10 ? 2 : 1;
        this.position = end + breakLength;
        this.lineNumber += 1;
        return line;
      }
      if (this.ended) {
        if (this.position > this.text.length) return undefined;
        // The last line: what follows the last line break (empty when the file ends with one).
        const line = this.text.slice(this.position);
        this.position = this.text.length + 1;
        this.lineNumber += 1;
        return line;
      }
      this.read();
    }
  }

  /** Closes the file (also done when the last line has been read). */
  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  /** Index of the next line break, or -1 when more text is needed (a `\r` last may start a `\r\n`). */
  private lineEnd(): number {
    const { text, position } = this;
    for (let index = position; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 10) return index;
      if (code === 13) return index + 1 < text.length || this.ended ? index : -1;
    }
    return -1;
  }

  private read(): void {
    const bytes =
      this.descriptor === undefined ? 0 : readSync(this.descriptor, this.buffer, 0, chunkBytes, null);
    let more = bytes === 0 ? this.decoder.end() : this.decoder.write(this.buffer.subarray(0, bytes));
    if (!this.started && more.length > 0) {
      this.started = true;
      if (more.charCodeAt(0) === 0xfeff) more = more.slice(1);
    }
    this.text = this.text.slice(this.position) + more;
    this.position = 0;
    if (bytes === 0) {
      this.ended = true;
      this.close();
    }
  }
}
