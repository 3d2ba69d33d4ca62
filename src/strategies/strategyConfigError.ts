import { UserError } from '../errors/userError.js';

/**
 * A strategy's configuration is wrong: bad parameters, an unknown type, a duplicate name, a symbol that is
 * not traded or an indicator column that is not computed. Raised at start-up, never per candle. The
 * message names the strategy instance and, for parameters, the path and the offending value, e.g.
 * `strategy "ema_cross": params.fast: expected string, got 5`.
 *
 * @example
 * ```ts
 * try {
 *   new StrategyEngine(config.services.strategy_evaluation, StrategyRegistry.withBuiltins(), { symbols: ['EURUSD'], defaultTimeframe: '1' });
 * } catch (error) {
 *   if (error instanceof StrategyConfigError) console.error(error.strategyName, error.message);
 * }
 * ```
 */
export class StrategyConfigError extends UserError {
  override readonly name: string = 'StrategyConfigError';

  constructor(
    /** The strategy instance's `name` in the configuration (or the type, for registry errors). */
    readonly strategyName: string,
    /** What is wrong, without the `strategy "<name>": ` prefix. */
    readonly detail: string,
  ) {
    super(`strategy "${strategyName}": ${detail}`);
  }
}
