import { UserError } from '../errors/userError.js';

/**
 * A CSV file that cannot be read as candles. The message starts with `file:line:` (the form editors and
 * terminals turn into links) and says what is wrong; the fields let a caller report it its own way.
 *
 * @example
 * ```ts
 * declare const text: string; // the file's contents
 * try {
 *   parseCsv(text, { fileName: 'eurusd.csv', onBadRow: 'error' });
 * } catch (error) {
 *   if (error instanceof CsvFormatError) console.error(error.message); // eurusd.csv:7: high 1.1 is below low 1.2
 * }
 * ```
 */
export class CsvFormatError extends UserError {
  override readonly name = 'CsvFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    /** What is wrong, without the `file:line:` prefix. */
    readonly reason: string,
    readonly column?: string,
    readonly value?: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}
