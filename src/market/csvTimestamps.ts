import { parseCsvTimestamp } from './parseCsvTimestamp.js';

/** Character codes of the plain ISO shape `YYYY-MM-DD[T ]HH:MM[:SS[.mmm]][Z]`. */
const zero = 48;
const nine = 57;
const dash = 45;
const colon = 58;
const dot = 46;
const upperT = 84;
const space = 32;
const upperZ = 90;

/**
 * {@link parseCsvTimestamp} for the rows of one file, with the date of the plain ISO shape
 * (`2025-01-06T09:30:00Z`, `2025-01-06 09:30`, with optional seconds, milliseconds and `Z`) parsed once
 * per day: a bar file repeats each date hundreds of times, and the general parser's regular expression
 * and its seven number conversions were a tenth of reading a file. Any other text, and every date, goes
 * through `parseCsvTimestamp`, so the results (and what is rejected) are the same.
 *
 * @example
 * ```ts
 * const timestamps = new CsvTimestamps();
 * timestamps.parse('2025-01-06T09:30:00Z'); // 1736155800000
 * timestamps.parse('2025-01-06T09:31:00Z'); // 1736155860000, the date taken from the line before
 * ```
 */
export class CsvTimestamps {
  private date = '';
  private dayStart: number | undefined;

  parse(text: string): number | undefined {
    const length = text.length;
    // 16: `YYYY-MM-DDTHH:MM`; 24: with `:SS.mmmZ`.
    if (length < 16 || length > 24 || !this.plainShape(text, length)) return parseCsvTimestamp(text);
    const date = text.slice(0, 10);
    if (date !== this.date) {
      this.date = date;
      this.dayStart = parseCsvTimestamp(date);
    }
    if (this.dayStart === undefined) return undefined;
    const hours = digits(text, 11);
    const minutes = digits(text, 14);
    const seconds = length >= 19 ? digits(text, 17) : 0;
    const milliseconds = length >= 23 ? digits(text, 20) * 10 + text.charCodeAt(22) - zero : 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
    return this.dayStart + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + milliseconds;
  }

  /** Whether `text` is exactly the plain shape (anything else, e.g. an offset or spaces, is not). */
  private plainShape(text: string, length: number): boolean {
    const end = text.charCodeAt(length - 1) === upperZ ? length - 1 : length;
    if (end !== 16 && end !== 19 && end !== 23) return false;
    if (
      !isDigits(text, 0, 4) ||
      text.charCodeAt(4) !== dash ||
      !isDigits(text, 5, 7) ||
      text.charCodeAt(7) !== dash ||
      !isDigits(text, 8, 10)
    )
      return false;
    const separator = text.charCodeAt(10);
    if (separator !== upperT && separator !== space) return false;
    if (!isDigits(text, 11, 13) || text.charCodeAt(13) !== colon || !isDigits(text, 14, 16)) return false;
    if (end >= 19 && (text.charCodeAt(16) !== colon || !isDigits(text, 17, 19))) return false;
    if (end === 23 && (text.charCodeAt(19) !== dot || !isDigits(text, 20, 23))) return false;
    return true;
  }
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code < zero || code > nine) return false;
  }
  return true;
}

/** The two-digit number at `index`. */
function digits(text: string, index: number): number {
  return (text.charCodeAt(index) - zero) * 10 + text.charCodeAt(index + 1) - zero;
}
