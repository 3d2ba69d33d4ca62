import { quoteValue } from '../errors/quoteValue.js';
import type { Candle } from '../events/candle.js';
import { decimalNumber } from '../util/decimalNumber.js';
import { CsvFormatError } from './csvFormatError.js';
import { CsvTimestamps } from './csvTimestamps.js';
import { acceptedTimestampFormats } from './parseCsvTimestamp.js';
import { PlainByteRow } from './plainByteRow.js';
import { plainDecimal } from './plainDecimal.js';
import { type CsvColumns, resolveCsvColumns, unquote } from './resolveCsvColumns.js';
import { splitCsvLine } from './splitCsvLine.js';
import { largestPrice, validPlainCandle } from './validPlainCandle.js';

/**
 * Reads a CSV file's data rows one at a time after its header: parses and validates each row, checks the
 * increasing time order, and in `skip` mode leaves bad rows out and lists them. The one row reader of
 * `parseCsv` (text in memory) and `CsvFileSource` (a file streamed line by line), so both give the same
 * candles and the same messages (file and line).
 *
 * @example
 * ```ts
 * const rows = CsvRows.fromHeader('timestamp,open,high,low,close,volume', 1, { fileName: 'bars.csv' });
 * const candle = rows.row('2024-01-02T10:00:00Z,1.1,1.2,1.0,1.15,10', 2); // { time: 1704189600000, ... }
 * rows.finish(); // throws when no row was valid
 * ```
 */
export class CsvRows {
  /** Rows left out in `skip` mode, with the reason (empty in `error` mode). */
  readonly skipped: Array<{ line: number; reason: string }> = [];
  readonly format: 'generic' | 'mt5';
  private readonly skip: boolean;
  private readonly input: RowInput;
  private previousTime: number | undefined;
  private previousLine = 0;
  private dataRows = 0;
  private goodRows = 0;
  /** The byte fast path of {@link bytesRow}; undefined when the layout always needs the text path. */
  private readonly bytes: PlainByteRow | undefined;

  private constructor(
    readonly delimiter: ',' | '\t' | ';',
    private readonly columns: CsvColumns,
    private readonly headerLine: number,
    private readonly file: string,
    onBadRow: 'error' | 'skip' | undefined,
    /** 1: rows oldest first; -1: newest first; 0: any order (the probe of {@link probeNewestFirst}). */
    private readonly direction: 1 | -1 | 0,
  ) {
    this.format = columns.format;
    this.skip = onBadRow === 'skip';
    this.input = {
      fields: [],
      lineNumber: 0,
      columns,
      decimalComma: delimiter === ';',
      file,
      timestamps: new CsvTimestamps(),
      delimiterCode: delimiter.charCodeAt(0),
      starts: new Int32Array(columns.minimumFields + 1),
    };
    this.bytes = PlainByteRow.applies(columns, this.input.decimalComma)
      ? new PlainByteRow(columns, this.input.delimiterCode)
      : undefined;
  }

  /** Reads the header row (line `lineNumber`): delimiter, layout and columns. Throws `CsvFormatError`. */
  static fromHeader(
    header: string,
    lineNumber: number,
    options: { fileName: string; onBadRow?: 'error' | 'skip'; newestFirst?: boolean },
  ): CsvRows {
    const delimiter = detectDelimiter(header);
    const columns = resolveCsvColumns(
      splitCsvLine(header, delimiter),
      options.fileName,
      lineNumber,
      delimiter,
    );
    const direction = options.newestFirst ? -1 : 1;
    return new CsvRows(delimiter, columns, lineNumber, options.fileName, options.onBadRow, direction);
  }

  /**
   * Whether the data rows after `header` go newest first, as many exports write them (Investing.com,
   * CryptoDataDownload, older Yahoo files): true when most of the steps between the first good rows (up
   * to 40 lines) go back in time. Read from the first rows, not decided by the first pair alone, so that a
   * file oldest first whose second row is out of place is still read oldest first (and that row reported).
   */
  static probeNewestFirst(
    header: string,
    headerLine: number,
    lines: Iterable<string>,
    fileName: string,
  ): boolean {
    const delimiter = detectDelimiter(header);
    // A bad header throws here, as fromHeader would.
    const columns = resolveCsvColumns(splitCsvLine(header, delimiter), fileName, headerLine, delimiter);
    const probe = new CsvRows(delimiter, columns, headerLine, fileName, 'skip', 0);
    let back = 0;
    let forward = 0;
    let previous: number | undefined;
    let lineNumber = headerLine;
    for (const line of lines) {
      if (++lineNumber > headerLine + probedLines) break;
      const time = probe.row(line, lineNumber)?.time;
      if (time === undefined) continue;
      if (previous !== undefined && time < previous) back++;
      if (previous !== undefined && time > previous) forward++;
      previous = time;
    }
    return back > forward;
  }

  /**
   * The candle of data line `lineNumber`; undefined for a blank line or a row left out (`skip` mode).
   * Throws `CsvFormatError` for a bad row in `error` mode.
   */
  row(line: string, lineNumber: number): Candle | undefined {
    if (line.trim() === '') return undefined;
    this.dataRows += 1;
    const { columns, file } = this;
    try {
      this.input.lineNumber = lineNumber;
      const candle = plainRow(this.input, line) ?? parseRow(this.input, line, this.delimiter);
      const previous = this.previousTime;
      if (previous !== undefined && (candle.time - previous) * this.direction <= 0 && this.direction !== 0) {
        throw new CsvFormatError(
          file,
          lineNumber,
          this.orderProblem(candle.time, previous),
          columnName(columns, columns.timestamp),
        );
      }
      this.previousTime = candle.time;
      this.previousLine = lineNumber;
      this.goodRows += 1;
      return candle;
    } catch (error) {
      if (!this.skip || !(error instanceof CsvFormatError)) throw error;
      this.skipped.push({ line: lineNumber, reason: error.reason });
      return undefined;
    }
  }

  /**
   * {@link row} for data line `lineNumber` given as UTF-8 bytes `bytes[from, to)`, when it is a plain row
   * in increasing time order: its candle (an object reused by the next call). Undefined otherwise: decode
   * the line and call {@link row}, which then decides as always (skip, error and message included).
   */
  bytesRow(bytes: Uint8Array, from: number, to: number, lineNumber: number): Candle | undefined {
    const candle = this.bytes?.parse(bytes, from, to);
    if (candle === undefined) return undefined;
    const previous = this.previousTime;
    if (previous !== undefined && (candle.time - previous) * this.direction <= 0) return undefined;
    this.dataRows += 1;
    this.previousTime = candle.time;
    this.previousLine = lineNumber;
    this.goodRows += 1;
    return candle;
  }

  /** Whether the rows go newest first (their readers replay them in reverse). */
  get reversed(): boolean {
    return this.direction === -1;
  }

  /** Why a row out of the file's order is refused: a duplicate, or a time against the direction. */
  private orderProblem(time: number, previous: number): string {
    if (time === previous) return `duplicate timestamp ${iso(time)} (also on line ${this.previousLine})`;
    if (this.direction === 1) {
      return `timestamp ${iso(time)} is before ${iso(previous)} on line ${this.previousLine}; rows must be in increasing time order`;
    }
    return `timestamp ${iso(time)} is after ${iso(previous)} on line ${this.previousLine}; the file goes newest first (as its first rows do), so every row must be older than the one above it`;
  }

  /** After the last row: throws `CsvFormatError` when the file had no data row, or no valid one. */
  finish(): void {
    if (this.dataRows === 0) {
      throw new CsvFormatError(this.file, this.headerLine, 'header only: the file has no data rows');
    }
    if (this.goodRows === 0) {
      const first = this.skipped[0]!;
      throw new CsvFormatError(
        this.file,
        first.line,
        `no valid data rows (${this.skipped.length} skipped; first: ${first.reason})`,
      );
    }
  }
}

/**
 * The row being parsed, reused from row to row: module functions read it instead of closures made per
 * row (a backtest parses each of millions of rows twice).
 */
interface RowInput {
  fields: string[];
  lineNumber: number;
  readonly columns: CsvColumns;
  readonly decimalComma: boolean;
  readonly file: string;
  readonly timestamps: CsvTimestamps;
  /** For {@link plainRow}: the delimiter's code, and where each field starts (one past its end: +1). */
  readonly delimiterCode: number;
  readonly starts: Int32Array;
}

/**
 * The candle of a row in the common shape (no quotes, no spaces around fields, plain decimal numbers, no
 * decimal comma) that passes every check, read without splitting the line or slicing its numbers; else
 * undefined and {@link parseRow} decides, so the candles and the messages are the same. A backtest
 * reads each of millions of rows twice: this made reading a file about twice as fast.
 */
function plainRow(row: RowInput, line: string): Candle | undefined {
  const { columns, starts, delimiterCode } = row;
  if (row.decimalComma) return undefined;
  const needed = columns.minimumFields;
  starts[0] = 0;
  let field = 1;
  for (let index = 0; index < line.length && field < needed; index++) {
    if (line.charCodeAt(index) === delimiterCode) starts[field++] = index + 1;
  }
  if (field < needed) return undefined;
  let end = starts[needed - 1]!;
  while (end < line.length && line.charCodeAt(end) !== delimiterCode) end++;
  starts[needed] = end + 1;
  const stamp =
    columns.timeOfDay === undefined
      ? plainText(line, starts, columns.timestamp)
      : `${plainText(line, starts, columns.timestamp)} ${plainText(line, starts, columns.timeOfDay)}`;
  if (stamp === undefined) return undefined;
  const time = row.timestamps.parse(stamp);
  if (time === undefined || time < 0 || time >= latestTime) return undefined;
  const open = plainNumber(line, starts, columns.open);
  const high = plainNumber(line, starts, columns.high);
  const low = plainNumber(line, starts, columns.low);
  const close = plainNumber(line, starts, columns.close);
  const volume = columns.volume === undefined ? 0 : plainNumber(line, starts, columns.volume);
  if (!validPlainCandle(open, high, low, close, volume)) return undefined;
  return { time, open, high, low, close, volume };
}

/** Field `index` as written, when it has no quote or space at either end (else undefined). */
function plainText(line: string, starts: Int32Array, index: number): string | undefined {
  const from = starts[index]!;
  const to = starts[index + 1]! - 1;
  if (to <= from || !plainEnd(line.charCodeAt(from)) || !plainEnd(line.charCodeAt(to - 1))) return undefined;
  return line.slice(from, to);
}

/** Printable ASCII other than the double quote: nothing that trimming or unquoting would remove. */
function plainEnd(code: number): boolean {
  return code > 32 && code < 127 && code !== 34;
}

function plainNumber(line: string, starts: Int32Array, index: number): number {
  return plainDecimal(line, starts[index]!, starts[index + 1]! - 1);
}

function parseRow(row: RowInput, line: string, delimiter: string): Candle {
  const { columns, file, lineNumber } = row;
  const fields = splitCsvLine(line, delimiter);
  if (fields.length < columns.minimumFields) {
    throw new CsvFormatError(
      file,
      lineNumber,
      `expected at least ${columns.minimumFields} fields, found ${fields.length}`,
    );
  }
  row.fields = fields;
  const stamp =
    columns.timeOfDay === undefined
      ? field(row, columns.timestamp)
      : `${field(row, columns.timestamp)} ${field(row, columns.timeOfDay)}`;
  const time = row.timestamps.parse(stamp);
  if (time === undefined || time < 0 || time >= latestTime) {
    const timestampName = columnName(columns, columns.timestamp);
    const reason =
      time === undefined
        ? `column "${timestampName}" has unparseable date ${quoteValue(stamp)}; ${acceptedTimestampFormats}`
        : time < 0
          ? `date ${quoteValue(stamp)} is before 1970`
          : `date ${quoteValue(stamp)} is after 2200 (${Math.abs(time) < 8.64e15 ? iso(time) : 'beyond any calendar'}): an epoch must be in seconds, milliseconds, microseconds or nanoseconds`;
    throw new CsvFormatError(file, lineNumber, reason, timestampName, stamp);
  }
  const open = price(row, columns.open);
  const high = price(row, columns.high);
  const low = price(row, columns.low);
  const close = price(row, columns.close);
  // A volume left empty (an index, a quiet FX hour) is none, as a file without the column says.
  const volume =
    columns.volume === undefined || field(row, columns.volume) === '' ? 0 : number(row, columns.volume);
  const { open: o, high: h, low: l, close: c } = columns;
  if (high < low) fail(row, h, `high ${field(row, h)} is below low ${field(row, l)}`);
  if (high < open) fail(row, h, `high ${field(row, h)} is below open ${field(row, o)}`);
  if (high < close) fail(row, h, `high ${field(row, h)} is below close ${field(row, c)}`);
  if (low > open) fail(row, l, `low ${field(row, l)} is above open ${field(row, o)}`);
  if (low > close) fail(row, l, `low ${field(row, l)} is above close ${field(row, c)}`);
  if (volume < 0 && columns.volume !== undefined)
    fail(row, columns.volume, `volume ${field(row, columns.volume)} is negative`);
  return { time, open, high, low, close, volume };
}

function field(row: RowInput, index: number): string {
  return unquote(row.fields[index]!.trim());
}

function number(row: RowInput, index: number): number {
  const raw = field(row, index);
  const text = row.decimalComma ? raw.replace(',', '.') : raw;
  // Decimal notation only: Number() would also read "0x10", "0b1", "Infinity" and " ".
  const value = decimalNumber.test(text) && raw.length <= longestNumber ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    const shown = raw === '' ? `"" (empty)` : quoteValue(raw);
    fail(
      row,
      index,
      `column "${columnName(row.columns, index)}" has non-numeric value ${shown}${raw.length > longestNumber ? '' : decimalHint(text)}`,
    );
  }
  return value;
}

function price(row: RowInput, index: number): number {
  const value = number(row, index);
  if (value <= 0) {
    const name = columnName(row.columns, index);
    fail(row, index, `column "${name}" has price ${field(row, index)}: prices must be above 0`);
  }
  if (value > largestPrice) {
    const name = columnName(row.columns, index);
    fail(
      row,
      index,
      `column "${name}" has price ${quoteValue(field(row, index))}, above the largest accepted (1e12)`,
    );
  }
  return value;
}

/** Messages quote the values as written in the file ("1.10", not 1.1), so users can grep for them. */
function fail(row: RowInput, index: number, reason: string): never {
  throw new CsvFormatError(
    row.file,
    row.lineNumber,
    reason,
    columnName(row.columns, index),
    field(row, index),
  );
}

/** Data lines after the header that {@link CsvRows.probeNewestFirst} reads. */
const probedLines = 40;
/** A number field longer than this is a damaged file, not a price. */
const longestNumber = 40;
/** 2200-01-01T00:00:00Z: later dates are epochs in the wrong unit or damaged fields. */
const latestTime = Date.UTC(2200, 0, 1);

function decimalHint(text: string): string {
  if (/^[+-]?0[xob]/i.test(text)) return ' (decimal numbers only, no hexadecimal, octal or binary)';
  // Yahoo writes null for a day without prices; other tools NaN, N/A or nothing.
  if (/^(?:null|nan|n\/a|-|)$/i.test(text.trim()))
    return ' (no price: trading.data_source.on_bad_row: skip leaves rows without prices out)';
  // 1,234 is 1234 or 1.234 depending on who wrote it: not guessed.
  if (/^[+-]?\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d+)?$/.test(text))
    return ' (thousands separators are not read: write the number without them)';
  return '';
}

/** The delimiter used most in the header; ties favour tab, then semicolon, then comma. */
function detectDelimiter(header: string): ',' | '\t' | ';' {
  const count = (character: string) => header.split(character).length - 1;
  const tabs = count('\t');
  const semicolons = count(';');
  const commas = count(',');
  if (tabs > 0 && tabs >= semicolons && tabs >= commas) return '\t';
  if (semicolons > 0 && semicolons >= commas) return ';';
  return ',';
}

function columnName(columns: CsvColumns, index: number): string {
  return columns.names[index] ?? `#${index + 1}`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}
