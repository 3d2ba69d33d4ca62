import type { Candle } from '../events/candle.js';
import { parseCsvTimestamp } from './parseCsvTimestamp.js';
import type { CsvColumns } from './resolveCsvColumns.js';
import { validPlainCandle } from './validPlainCandle.js';

/** Character codes of `0`, `9`, `+`, `-`, `.`, `:`, `T`, space and `Z`. */
const zero = 48;
const nine = 57;
const plus = 43;
const minus = 45;
const dot = 46;
const colon = 58;
const upperT = 84;
const space = 32;
const upperZ = 90;
const exactDigits = 15;
const powersOfTen = Array.from({ length: exactDigits + 1 }, (_, power) => 10 ** power);
/** Same bound as the text path (csvRows.ts): later dates go there, which says what is wrong. */
const latestTime = Date.UTC(2200, 0, 1);

/**
 * The row parser of `CsvRows`' text fast path (`plainRow`) on a line's UTF-8 bytes, for the one common
 * shape: a plain ISO timestamp (`2025-01-06T09:30:00Z`, `2025-01-06 09:30`, optional seconds,
 * milliseconds and `Z`) in one column and plain decimal numbers. It accepts a subset of what the text
 * path accepts and gives the same numbers (the same digits, read the same way); anything else (`undefined`)
 * goes to the text path, which then decides as before, messages included. A long backtest reads its file
 * once to validate it: decoding every line to text and slicing it was about half of that read.
 *
 * @example
 * ```ts
 * const parser = new PlainByteRow(columns, 44);
 * const candle = parser.parse(Buffer.from('2025-01-06T00:00:00Z,1.1,1.2,1.0,1.15,10'), 0, 40);
 * ```
 */
export class PlainByteRow {
  /** The candle of the last parsed row, reused: read it before the next {@link parse}. */
  readonly candle: Candle = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  /** Where each field starts, and one past the last needed field's end (+1). */
  private readonly starts: Int32Array;
  /** The date (first 10 bytes) of the last timestamp, and its midnight. */
  private readonly date = new Uint8Array(10);
  private dayStart: number | undefined;
  private hasDate = false;

  constructor(
    private readonly columns: CsvColumns,
    private readonly delimiterCode: number,
  ) {
    this.starts = new Int32Array(columns.minimumFields + 1);
  }

  /** Whether the text path could also take this layout (else every row goes there). */
  static applies(columns: CsvColumns, decimalComma: boolean): boolean {
    return !decimalComma && columns.timeOfDay === undefined;
  }

  /** The candle of `bytes[from, to)` into {@link candle}, or undefined: the text path decides. */
  parse(bytes: Uint8Array, from: number, to: number): Candle | undefined {
    const { columns, starts, delimiterCode } = this;
    const needed = columns.minimumFields;
    starts[0] = from;
    let field = 1;
    for (let index = from; index < to && field < needed; index++) {
      if (bytes[index] === delimiterCode) starts[field++] = index + 1;
    }
    if (field < needed) return undefined;
    let end = starts[needed - 1]!;
    while (end < to && bytes[end] !== delimiterCode) end++;
    starts[needed] = end + 1;
    const time = this.time(bytes, starts[columns.timestamp]!, starts[columns.timestamp + 1]! - 1);
    if (time === undefined || time < 0 || time >= latestTime) return undefined;
    const open = this.number(bytes, columns.open);
    const high = this.number(bytes, columns.high);
    const low = this.number(bytes, columns.low);
    const close = this.number(bytes, columns.close);
    const volume = columns.volume === undefined ? 0 : this.number(bytes, columns.volume);
    if (!validPlainCandle(open, high, low, close, volume)) return undefined;
    const candle = this.candle;
    candle.time = time;
    candle.open = open;
    candle.high = high;
    candle.low = low;
    candle.close = close;
    candle.volume = volume;
    return candle;
  }

  /** `CsvTimestamps.parse` for the plain ISO shape only (the date parsed once per day); else undefined. */
  private time(bytes: Uint8Array, from: number, to: number): number | undefined {
    const length = to - from;
    if (length < 16 || length > 24) return undefined;
    const end = bytes[to - 1] === upperZ ? length - 1 : length;
    if (end !== 16 && end !== 19 && end !== 23) return undefined;
    if (
      !isDigits(bytes, from, from + 4) ||
      bytes[from + 4] !== minus ||
      !isDigits(bytes, from + 5, from + 7) ||
      bytes[from + 7] !== minus ||
      !isDigits(bytes, from + 8, from + 10)
    )
      return undefined;
    const separator = bytes[from + 10];
    if (separator !== upperT && separator !== space) return undefined;
    if (
      !isDigits(bytes, from + 11, from + 13) ||
      bytes[from + 13] !== colon ||
      !isDigits(bytes, from + 14, from + 16)
    )
      return undefined;
    if (end >= 19 && (bytes[from + 16] !== colon || !isDigits(bytes, from + 17, from + 19))) return undefined;
    if (end === 23 && (bytes[from + 19] !== dot || !isDigits(bytes, from + 20, from + 23))) return undefined;
    if (!this.sameDate(bytes, from)) {
      const date = this.date;
      for (let index = 0; index < 10; index++) date[index] = bytes[from + index]!;
      this.hasDate = true;
      this.dayStart = parseCsvTimestamp(String.fromCharCode(...date));
    }
    if (this.dayStart === undefined) return undefined;
    const hours = digits(bytes, from + 11);
    const minutes = digits(bytes, from + 14);
    const seconds = length >= 19 ? digits(bytes, from + 17) : 0;
    const milliseconds = length >= 23 ? digits(bytes, from + 20) * 10 + bytes[from + 22]! - zero : 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
    return this.dayStart + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + milliseconds;
  }

  private sameDate(bytes: Uint8Array, from: number): boolean {
    if (!this.hasDate) return false;
    const date = this.date;
    for (let index = 9; index >= 0; index--) if (date[index] !== bytes[from + index]) return false;
    return true;
  }

  /** `plainDecimal` of field `index` (the same digits read the same way: the same double), else NaN. */
  private number(bytes: Uint8Array, index: number): number {
    const from = this.starts[index]!;
    const to = this.starts[index + 1]! - 1;
    let position = from;
    const first = bytes[position];
    const negative = first === minus;
    if (negative || first === plus) position++;
    let mantissa = 0;
    let count = 0;
    let fraction = -1;
    for (; position < to; position++) {
      const code = bytes[position]!;
      if (code >= zero && code <= nine) {
        mantissa = mantissa * 10 + (code - zero);
        count++;
      } else if (code === dot && fraction === -1) {
        fraction = position;
      } else {
        return Number.NaN;
      }
    }
    if (count === 0 || count > exactDigits) return Number.NaN;
    const value = fraction === -1 ? mantissa : mantissa / powersOfTen[to - fraction - 1]!;
    return negative ? -value : value;
  }
}

function isDigits(bytes: Uint8Array, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = bytes[index]!;
    if (code < zero || code > nine) return false;
  }
  return true;
}

/** The two-digit number at `index`. */
function digits(bytes: Uint8Array, index: number): number {
  return (bytes[index]! - zero) * 10 + bytes[index + 1]! - zero;
}
