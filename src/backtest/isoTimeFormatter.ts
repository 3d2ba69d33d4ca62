const dayMilliseconds = 86_400_000;
/** 9999-12-31T23:59:59.999Z: later times have a six-digit year (`+010000-...`), left to `Date`. */
const lastFourDigitYear = 253_402_300_799_999;

/**
 * `new Date(time).toISOString()` for a series of times, with the date part formatted once per day: the
 * equity curve writes one row per bar, and `Date` formatting was most of that cost. Same text as
 * `toISOString` for every time (times outside 1970–9999 go through `Date`).
 *
 * @example
 * ```ts
 * const times = new IsoTimeFormatter();
 * times.format(Date.UTC(2025, 0, 6, 9, 30)); // '2025-01-06T09:30:00.000Z'
 * ```
 */
export class IsoTimeFormatter {
  private day = Number.NaN;
  private datePrefix = '';

  format(time: number): string {
    if (!(time >= 0 && time <= lastFourDigitYear) || !Number.isInteger(time))
      return new Date(time).toISOString();
    const inDay = time % dayMilliseconds;
    const day = time - inDay;
    if (day !== this.day) {
      this.day = day;
      this.datePrefix = new Date(day).toISOString().slice(0, 11);
    }
    const minuteOfDay = Math.floor(inDay / 60_000);
    const rest = inDay - minuteOfDay * 60_000;
    const seconds = Math.floor(rest / 1000);
    const milliseconds = rest % 1000;
    // Bars are mostly on whole minutes: the time of day is then one cached text and a constant.
    const tail =
      rest === 0
        ? '00.000Z'
        : `${two(seconds)}.${milliseconds < 10 ? '00' : milliseconds < 100 ? '0' : ''}${milliseconds}Z`;
    return this.datePrefix + minuteTexts[minuteOfDay]! + tail;
  }
}

/** `HH:MM:` of every minute of a day. */
const minuteTexts = Array.from(
  { length: 1440 },
  (_, minute) => `${two(Math.floor(minute / 60))}:${two(minute % 60)}:`,
);

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
