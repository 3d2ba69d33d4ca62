import { UserError } from '../errors/userError.js';

/**
 * A timeframe string that is not a positive whole number of minutes, or one a component was not
 * configured for. Carries the offending `timeframe` so callers can report it.
 *
 * @example
 * ```ts
 * try {
 *   timeframeToMilliseconds('H1');
 * } catch (error) {
 *   if (error instanceof InvalidTimeframeError) console.error(error.timeframe); // 'H1'
 * }
 * ```
 */
export class InvalidTimeframeError extends UserError {
  override readonly name = 'InvalidTimeframeError';

  constructor(
    readonly timeframe: string,
    detail = 'expected a positive whole number of minutes as a string, e.g. "1", "5", "60", "1440"',
  ) {
    super(`invalid timeframe "${timeframe}": ${detail}`);
  }
}
