import { InvalidTimeframeError } from './invalidTimeframeError.js';

const minuteMilliseconds = 60_000;
const wholeMinutes = /^[1-9]\d*$/;

/**
 * Converts an MT5-style timeframe (minutes as a string: "1", "5", "60", "1440" = daily) into
 * milliseconds. Rejects anything else with an {@link InvalidTimeframeError}, so that a typo such as
 * "1h" fails at start-up instead of silently producing a wrong bucket size.
 *
 * @example
 * ```ts
 * timeframeToMilliseconds('5'); // 300_000
 * timeframeToMilliseconds('1440'); // 86_400_000
 * ```
 */
export function timeframeToMilliseconds(timeframe: string): number {
  if (typeof timeframe !== 'string' || !wholeMinutes.test(timeframe)) {
    throw new InvalidTimeframeError(String(timeframe));
  }
  const milliseconds = Number(timeframe) * minuteMilliseconds;
  if (!Number.isSafeInteger(milliseconds)) throw new InvalidTimeframeError(timeframe, 'too large');
  return milliseconds;
}
