import { UserError } from '../errors/userError.js';

/**
 * Thrown when an indicator spec cannot be computed (missing period, MACD fast period not below the slow
 * one, two indicators writing the same column). The message names the indicator so a YAML mistake can be
 * found without a stack trace.
 *
 * @example
 * ```ts
 * try {
 *   new IndicatorProcessor([{ name: 'ema_fast', type: 'ema' }]);
 * } catch (error) {
 *   if (error instanceof IndicatorConfigError) console.error(error.indicator, error.message);
 * }
 * ```
 */
export class IndicatorConfigError extends UserError {
  override readonly name = 'IndicatorConfigError';

  constructor(
    /** The spec `name` of the offending indicator. */
    readonly indicator: string,
    problem: string,
  ) {
    super(`indicator "${indicator}": ${problem}`);
  }
}
