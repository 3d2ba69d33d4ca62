const isoDate =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an ISO-8601 date or date-time that exists on the calendar (no offset means UTC) into epoch
 * milliseconds, or undefined. Unlike `Date.parse`, which turns `2001-02-30` into March 2nd and accepts
 * `2001-02-03 garbage` in some engines, it refuses any date that is not real.
 *
 * @example
 * ```ts
 * parseIsoDate('2001-02-28'); // 983318400000
 * parseIsoDate('2001-02-30'); // undefined
 * parseIsoDate('2024-03-01T09:30:00+01:00'); // 1709281800000
 * ```
 */
export function parseIsoDate(text: string): number | undefined {
  const match = isoDate.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : daysInMonth[month - 1]!))
    return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = match[7] === undefined ? 0 : Math.round(Number(`0.${match[7]}`) * 1000);
  const offset = match[8];
  let offsetMinutes = 0;
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    offsetMinutes =
      (offset[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
}
