import type { Candle } from '../events/candle.js';
import { BarSpacing } from './barSpacing.js';
import { CsvFormatError } from './csvFormatError.js';
import { CsvRows } from './csvRows.js';

/**
 * Options of {@link parseCsv}.
 *
 * @example
 * ```ts
 * declare const text: string; // the file's contents
 * const options: ParseCsvOptions = { fileName: 'msft.csv', onBadRow: 'skip' };
 * const parsed = parseCsv(text, options);
 * ```
 */
export interface ParseCsvOptions {
  /** Name used in error messages (usually the path). */
  fileName: string;
  /** `error` (default): stop at the first bad row. `skip`: leave bad rows out and list them. */
  onBadRow?: 'error' | 'skip';
}

/**
 * What {@link parseCsv} read.
 *
 * @example
 * ```ts
 * declare const text: string; // the file's contents
 * const { candles, skipped, format }: ParsedCsv = parseCsv(text, { fileName: 'bars.csv', onBadRow: 'skip' });
 * console.log(candles.length, format, skipped.map((row) => row.line));
 * ```
 */
export interface ParsedCsv {
  candles: Candle[];
  /** Rows left out in `skip` mode, with the reason (empty in `error` mode). */
  skipped: Array<{ line: number; reason: string }>;
  format: 'generic' | 'mt5';
  delimiter: ',' | '\t' | ';';
  /** Median spacing of the rows in minutes ("1", "1440"), or undefined with fewer than two rows or sub-minute data. */
  baseTimeframe: string | undefined;
  /** Median spacing of the rows in milliseconds (below a minute for second bars), or undefined with fewer than two rows. */
  spacingMilliseconds: number | undefined;
}

/**
 * Reads OHLCV candles from CSV text: the generic `timestamp,open,high,low,close,volume` layout (with
 * common aliases, see `resolveCsvColumns`) or MetaTrader 5's export (`<DATE> <TIME> <OPEN> ...`),
 * detected from the header; the delimiter (comma, tab, semicolon) is detected too. Handles a UTF-8 BOM,
 * CRLF and blank lines. Rows must be in increasing time order, or all newest first (then returned
 * reversed, oldest first). Every problem is a
 * {@link CsvFormatError} naming file and line; with `onBadRow: 'skip'` bad rows are left out and listed
 * instead (an empty file, a bad header or a file without any good row still throw).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 *
 * const { candles, format, baseTimeframe } = parseCsv(readFileSync('msft.csv', 'utf8'), { fileName: 'msft.csv' });
 * // format 'generic', baseTimeframe '1440'
 * ```
 */
export function parseCsv(text: string, options: ParseCsvOptions): ParsedCsv {
  const file = options.fileName;
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  let headerIndex = 0;
  while (headerIndex < lines.length && lines[headerIndex]!.trim() === '') headerIndex += 1;
  if (headerIndex === lines.length) {
    throw new CsvFormatError(file, 1, 'file is empty; expected a header row and data rows');
  }
  const header = lines[headerIndex]!;
  const newestFirst = CsvRows.probeNewestFirst(
    header,
    headerIndex + 1,
    lines.slice(headerIndex + 1, headerIndex + 41),
    file,
  );
  const rows = CsvRows.fromHeader(header, headerIndex + 1, { ...options, newestFirst });
  const candles: Candle[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const candle = rows.row(lines[index]!, index + 1);
    if (candle !== undefined) candles.push(candle);
  }
  rows.finish();
  // A file written newest first is read as it was meant: oldest first.
  if (rows.reversed) candles.reverse();
  const spacing = new BarSpacing();
  for (const candle of candles) spacing.add(candle.time);
  return {
    candles,
    skipped: rows.skipped,
    format: rows.format,
    delimiter: rows.delimiter,
    baseTimeframe: spacing.median(),
    spacingMilliseconds: spacing.medianMilliseconds(),
  };
}
