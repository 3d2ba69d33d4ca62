/** What {@link parseCsvTimestamp} accepts, for error messages. */
export const acceptedTimestampFormats =
  'expected ISO-8601 (2024-01-02 or 2024-01-02T10:00:00Z), MT5 (2024.01.02 10:00), day first with dots (02.01.2024 10:00:00.000 GMT+0200), YYYYMMDD, or epoch seconds/milliseconds';

/** The time of day and the offset after a date: ` 10:00`, `T10:00:00.123Z`, ` 10:00:00 GMT+0200`. */
const timeAndOffset =
  '(?:(?:T|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*((?:GMT|UTC)\\s*(?:[+-]\\d{1,2}(?::?\\d{2})?)?|Z|[+-]\\d{2}(?::?\\d{2})?)?$';
/** Year first: ISO-8601 and MT5 (`2024.01.02`). */
const dateTime = new RegExp(`^(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})${timeAndOffset}`, 'i');
/**
 * Day first, with dots only (`02.01.2024`, Dukascopy and European exports). Dots with the year last are
 * written day first; slashes (`01/02/2024`) are left out: the US writes them month first.
 */
const dottedDayFirst = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${timeAndOffset}`, 'i');
const numeric = /^[-+]?\d+(?:\.\d+)?$/;
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses one CSV timestamp into epoch milliseconds (UTC), or returns undefined when it is not a date.
 *
 * Accepted: ISO-8601 dates and date-times (`T` or space; optional seconds, fraction and `Z`/`±HH:MM`
 * offset, also written `GMT+0200` or `UTC+2`; no offset means UTC), the same with `.` or `/` separators
 * (MT5's `2024.01.02`), day-first dates with dots (`02.01.2024 10:00:00.000 GMT+0200`), `YYYYMMDD`,
 * and epoch numbers, whose unit is told by magnitude: below 1e11 seconds, below 1e14 milliseconds,
 * below 1e17 microseconds, else nanoseconds (1e11 s is the year 5138; 1e11 ms is 1973).
 *
 * @example
 * ```ts
 * parseCsvTimestamp('2024-01-02T10:00:00Z'); // 1704189600000
 * parseCsvTimestamp('2024.01.02 10:00'); // 1704189600000
 * parseCsvTimestamp('02.01.2024 12:00:00.000 GMT+0200'); // 1704189600000
 * parseCsvTimestamp('1704189600'); // 1704189600000 (seconds)
 * parseCsvTimestamp('02/01/2024'); // undefined (ambiguous day/month order)
 * ```
 */
export function parseCsvTimestamp(text: string): number | undefined {
  const value = text.trim();
  if (numeric.test(value)) {
    if (value.length === 8 && !value.includes('.')) {
      const compact = fromParts(+value.slice(0, 4), +value.slice(4, 6), +value.slice(6, 8), 0, 0, 0, 0);
      if (compact !== undefined) return compact;
    }
    const number = Number(value);
    const magnitude = Math.abs(number);
    const milliseconds =
      magnitude < 1e11
        ? number * 1000
        : magnitude < 1e14
          ? number
          : magnitude < 1e17
            ? number / 1e3
            : number / 1e6;
    return Number.isFinite(milliseconds) ? Math.round(milliseconds) : undefined;
  }
  const yearFirst = dateTime.exec(value);
  const match = yearFirst ?? dottedDayFirst.exec(value);
  if (match === null) return undefined;
  const fraction = match[7] === undefined ? 0 : Math.round(Number(`0.${match[7]}`) * 1000);
  const [year, day] = yearFirst ? [match[1], match[3]] : [match[3], match[1]];
  const time = fromParts(
    Number(year),
    Number(match[2]),
    Number(day),
    Number(match[4] ?? 0),
    Number(match[5] ?? 0),
    Number(match[6] ?? 0),
    fraction,
  );
  if (time === undefined) return undefined;
  return time - offsetMilliseconds(match[8]);
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : daysInMonth[month - 1]!)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

/** `Z`, `+02:00`, `-0500`, `GMT+0200`, `UTC+2`, `GMT` → milliseconds east of UTC. */
function offsetMilliseconds(offset: string | undefined): number {
  const signed = offset?.replace(/^(?:GMT|UTC)\s*/i, '');
  if (signed === undefined || signed === '' || signed.toUpperCase() === 'Z') return 0;
  const digits = signed.slice(1).replace(':', '');
  // `+2` and `+02` are hours; `+0200` hours and minutes.
  const hours = digits.length <= 2 ? digits : digits.slice(0, 2);
  const minutes = Number(hours) * 60 + Number(digits.length <= 2 ? 0 : digits.slice(2, 4) || 0);
  return (signed[0] === '-' ? -1 : 1) * minutes * 60_000;
}
