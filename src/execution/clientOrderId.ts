/**
 * The deterministic, readable id of the order a signal produces:
 * `<strategy>:<symbol>:<timeframe>:<candle time, compact ISO UTC>:<intent>`. The same signal replayed (after a
 * restart, or in a second backtest over the same data) maps to the same id, so a broker or the executor can
 * recognise a duplicate instead of trading twice.
 *
 * @example
 * ```ts
 * clientOrderId('ema_cross', 'EURUSD', '5', Date.parse('2025-01-06T10:05:00Z'), 'open');
 * // 'ema_cross:EURUSD:5:20250106T100500Z:open'
 * ```
 */
export function clientOrderId(
  strategyName: string,
  symbol: string,
  timeframe: string,
  candleTime: number,
  intent: 'open' | 'close',
): string {
  return `${strategyName}:${symbol}:${timeframe}:${compactUtc(candleTime)}:${intent}`;
}

/** '00' … '99': the two-digit fields of a time, without a `padStart` per field. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

/**
 * Compact ISO without separators or milliseconds (`20250106T100500Z`): short and still readable. Built
 * from the UTC fields (every signal makes one; `toISOString` and two regular expressions cost about a
 * microsecond); a year outside 0–9999, which ISO writes with a sign, and an invalid time (a RangeError)
 * take the `toISOString` way.
 */
function compactUtc(time: number): string {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    return date
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
  }
  return (
    String(year).padStart(4, '0') +
    TWO_DIGITS[date.getUTCMonth() + 1]! +
    TWO_DIGITS[date.getUTCDate()]! +
    'T' +
    TWO_DIGITS[date.getUTCHours()]! +
    TWO_DIGITS[date.getUTCMinutes()]! +
    TWO_DIGITS[date.getUTCSeconds()]! +
    'Z'
  );
}
