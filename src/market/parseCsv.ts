import { quoteValue } from '../errors/quoteValue.js';
import type { Candle } from '../events/candle.js';
import { decimalNumber } from '../util/decimalNumber.js';
import { CsvFormatError } from './csvFormatError.js';
import { acceptedTimestampFormats, parseCsvTimestamp } from './parseCsvTimestamp.js';
import { type CsvColumns, resolveCsvColumns, unquote } from './resolveCsvColumns.js';

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
}

/**
 * Reads OHLCV candles from CSV text: the generic `timestamp,open,high,low,close,volume` layout (with
 * common aliases, see `resolveCsvColumns`) or MetaTrader 5's export (`<DATE> <TIME> <OPEN> ...`),
 * detected from the header; the delimiter (comma, tab, semicolon) is detected too. Handles a UTF-8 BOM,
 * CRLF and blank lines. Rows must be in increasing time order. Every problem is a
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
  const skip = options.onBadRow === 'skip';
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/);
  let headerIndex = 0;
  while (headerIndex < lines.length && lines[headerIndex]!.trim() === '') headerIndex += 1;
  if (headerIndex === lines.length) {
    throw new CsvFormatError(file, 1, 'file is empty; expected a header row and data rows');
  }
  const headerLine = lines[headerIndex]!;
  const delimiter = detectDelimiter(headerLine);
  const columns = resolveCsvColumns(headerLine.split(delimiter), file, headerIndex + 1);
  const decimalComma = delimiter === ';';

  const candles: Candle[] = [];
  const skipped: ParsedCsv['skipped'] = [];
  let previousLine = 0;
  let dataRows = 0;
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    dataRows += 1;
    const lineNumber = index + 1;
    const previous = candles[candles.length - 1];
    try {
      const candle = parseRow(line, delimiter, columns, decimalComma, file, lineNumber);
      if (previous !== undefined && candle.time <= previous.time) {
        const reason =
          candle.time === previous.time
            ? `duplicate timestamp ${iso(candle.time)} (also on line ${previousLine})`
            : `timestamp ${iso(candle.time)} is before ${iso(previous.time)} on line ${previousLine}; rows must be in increasing time order`;
        throw new CsvFormatError(file, lineNumber, reason, columnName(columns, columns.timestamp));
      }
      candles.push(candle);
      previousLine = lineNumber;
    } catch (error) {
      if (!skip || !(error instanceof CsvFormatError)) throw error;
      skipped.push({ line: lineNumber, reason: error.reason });
    }
  }
  if (dataRows === 0) {
    throw new CsvFormatError(file, headerIndex + 1, 'header only: the file has no data rows');
  }
  if (candles.length === 0) {
    const first = skipped[0]!;
    throw new CsvFormatError(
      file,
      first.line,
      `no valid data rows (${skipped.length} skipped; first: ${first.reason})`,
    );
  }
  return { candles, skipped, format: columns.format, delimiter, baseTimeframe: medianSpacing(candles) };
}

function parseRow(
  line: string,
  delimiter: string,
  columns: CsvColumns,
  decimalComma: boolean,
  file: string,
  lineNumber: number,
): Candle {
  const fields = line.split(delimiter);
  if (fields.length < columns.minimumFields) {
    throw new CsvFormatError(
      file,
      lineNumber,
      `expected at least ${columns.minimumFields} fields, found ${fields.length}`,
    );
  }
  const field = (index: number) => unquote(fields[index]!.trim());
  const stamp =
    columns.timeOfDay === undefined
      ? field(columns.timestamp)
      : `${field(columns.timestamp)} ${field(columns.timeOfDay)}`;
  const time = parseCsvTimestamp(stamp);
  const timestampName = columnName(columns, columns.timestamp);
  if (time === undefined) {
    throw new CsvFormatError(
      file,
      lineNumber,
      `column "${timestampName}" has unparseable date ${quoteValue(stamp)}; ${acceptedTimestampFormats}`,
      timestampName,
      stamp,
    );
  }
  if (time < 0) {
    throw new CsvFormatError(
      file,
      lineNumber,
      `date ${quoteValue(stamp)} is before 1970`,
      timestampName,
      stamp,
    );
  }
  if (time >= latestTime) {
    throw new CsvFormatError(
      file,
      lineNumber,
      `date ${quoteValue(stamp)} is after 2200 (${Math.abs(time) < 8.64e15 ? iso(time) : 'beyond any calendar'}): an epoch must be in seconds, milliseconds, microseconds or nanoseconds`,
      timestampName,
      stamp,
    );
  }
  const number = (index: number): number => {
    const raw = field(index);
    const text = decimalComma ? raw.replace(',', '.') : raw;
    // Decimal notation only: Number() would also read "0x10", "0b1", "Infinity" and " ".
    const value = decimalNumber.test(text) && raw.length <= longestNumber ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) {
      const name = columnName(columns, index);
      const shown = raw === '' ? `"" (empty)` : quoteValue(raw);
      throw new CsvFormatError(
        file,
        lineNumber,
        `column "${name}" has non-numeric value ${shown}${raw.length > longestNumber ? '' : decimalHint(text)}`,
        name,
        raw,
      );
    }
    return value;
  };
  const price = (index: number): number => {
    const value = number(index);
    const name = columnName(columns, index);
    if (value <= 0) {
      throw new CsvFormatError(
        file,
        lineNumber,
        `column "${name}" has price ${field(index)}: prices must be above 0`,
        name,
        field(index),
      );
    }
    if (value > largestPrice) {
      throw new CsvFormatError(
        file,
        lineNumber,
        `column "${name}" has price ${quoteValue(field(index))}, above the largest accepted (1e12)`,
        name,
        field(index),
      );
    }
    return value;
  };
  const open = price(columns.open);
  const high = price(columns.high);
  const low = price(columns.low);
  const close = price(columns.close);
  const volume = columns.volume === undefined ? 0 : number(columns.volume);
  // Messages quote the values as written in the file ("1.10", not 1.1), so users can grep for them.
  const fail = (index: number, reason: string) => {
    throw new CsvFormatError(file, lineNumber, reason, columnName(columns, index), field(index));
  };
  const { open: o, high: h, low: l, close: c } = columns;
  if (high < low) fail(h, `high ${field(h)} is below low ${field(l)}`);
  if (high < open) fail(h, `high ${field(h)} is below open ${field(o)}`);
  if (high < close) fail(h, `high ${field(h)} is below close ${field(c)}`);
  if (low > open) fail(l, `low ${field(l)} is above open ${field(o)}`);
  if (low > close) fail(l, `low ${field(l)} is above close ${field(c)}`);
  if (volume < 0 && columns.volume !== undefined)
    fail(columns.volume, `volume ${field(columns.volume)} is negative`);
  return { time, open, high, low, close, volume };
}

/** A number field longer than this is a damaged file, not a price. */
const longestNumber = 40;
/** Above any traded instrument's price in any currency; 1e308 is an overflow, not a quote. */
const largestPrice = 1e12;
/** 2200-01-01T00:00:00Z: later dates are epochs in the wrong unit or damaged fields. */
const latestTime = Date.UTC(2200, 0, 1);

function decimalHint(text: string): string {
  return /^[+-]?0[xob]/i.test(text) ? ' (decimal numbers only, no hexadecimal, octal or binary)' : '';
}

/** The delimiter used most in the header; ties favour tab, then semicolon, then comma. */
function detectDelimiter(header: string): ParsedCsv['delimiter'] {
  const count = (character: string) => header.split(character).length - 1;
  const tabs = count('\t');
  const semicolons = count(';');
  const commas = count(',');
  if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
  if (semicolons > 0 && semicolons >= commas) return ';';
  return ',';
}

function medianSpacing(candles: Candle[]): string | undefined {
  if (candles.length < 2) return undefined;
  const gaps = new Float64Array(candles.length - 1);
  for (let index = 1; index < candles.length; index += 1) {
    gaps[index - 1] = candles[index]!.time - candles[index - 1]!.time;
  }
  gaps.sort();
  // The lower median is always a spacing that really occurs (averaging 1-day and 3-day gaps would not be).
  const median = gaps[(gaps.length - 1) >> 1]!;
  const minutes = Math.round(median / 60_000);
  return minutes >= 1 ? String(minutes) : undefined;
}

function columnName(columns: CsvColumns, index: number): string {
  return columns.names[index] ?? `#${index + 1}`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
