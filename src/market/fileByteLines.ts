import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read from the file at a time (the buffer grows only for a longer line). */
const chunkBytes = 1 << 20;

/**
 * The lines of a file as byte ranges, cut exactly where {@link FileLines} cuts its text (`\r\n`, `\n` or
 * `\r`, a final empty line included, a leading UTF-8 byte order mark dropped), without decoding them:
 * a reader that understands the common shape of a line parses its bytes, and decodes the others
 * ({@link text}). Line breaks are ASCII and never occur inside a UTF-8 sequence, so the ranges are the
 * same lines. After `next()` returns true, `bytes[start, end)` is line `lineNumber`, valid until the next
 * call.
 *
 * @example
 * ```ts
 * const lines = new FileByteLines('bars.csv');
 * while (lines.next()) console.log(lines.lineNumber, lines.text());
 * lines.close();
 * ```
 */
export class FileByteLines {
  lineNumber = 0;
  bytes: Buffer = Buffer.allocUnsafe(chunkBytes);
  start = 0;
  end = 0;
  private descriptor: number | undefined;
  /** Bytes of `bytes` read from the file, and where the next line starts. */
  private length = 0;
  private position = 0;
  private ended = false;
  /** The last line (after the last break) was returned. */
  private done = false;
  private started = false;

  constructor(readonly path: string) {
    this.descriptor = openSync(path, 'r');
  }

  /** Moves to the next line; false after the last one. */
  next(): boolean {
    for (;;) {
      const { bytes, length } = this;
      for (let index = this.position; index < length; index++) {
        const code = bytes[index]!;
        if (code === 10) return this.found(index, 1);
        if (code === 13) {
          if (index + 1 < length) return this.found(index, bytes[index + 1] === 10 ? 2 : 1);
          if (this.ended) return this.found(index, 1);
          break;
        }
      }
      if (this.ended) {
        if (this.done) return false;
        // The last line: what follows the last line break (empty when the file ends with one).
        this.done = true;
        return this.found(length, 0);
      }
      this.read();
    }
  }

  /** The current line as text (UTF-8). */
  text(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }

  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  private found(end: number, breakLength: number): boolean {
    this.start = this.position;
    this.end = end;
    this.position = end + breakLength;
    this.lineNumber += 1;
    return true;
  }

  /** Moves the unread bytes to the front (growing the buffer when they fill it) and reads more. */
  private read(): void {
    const rest = this.length - this.position;
    if (rest >= this.bytes.length) {
      const larger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(larger, 0, this.position, this.length);
      this.bytes = larger;
    } else if (this.position > 0) this.bytes.copy(this.bytes, 0, this.position, this.length);
    this.position = 0;
    this.length = rest;
    const room = this.bytes.length - rest;
    const read = this.descriptor === undefined ? 0 : readSync(this.descriptor, this.bytes, rest, room, null);
    if (!this.started && this.length + read >= 3) {
      this.started = true;
      if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.position = 3;
    }
    this.length += read;
    if (read === 0) {
      // A file shorter than a byte order mark has none to drop.
      this.started = true;
      this.ended = true;
      this.close();
    }
  }
}
