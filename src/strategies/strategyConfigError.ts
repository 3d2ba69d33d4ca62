/**
 * A strategy's configuration is wrong: bad parameters, an unknown type, a duplicate name, a symbol that is
 * not traded or an indicator column that is not computed. Raised at start-up, never per candle. The
 * message names the strategy instance and, for parameters, the path and the offending value, e.g.
 * `strategy "ema_cross": params.fast: expected string, got 5`.
 *
 * @example
 * ```ts
 * try {
 *   new StrategyEngine(config, StrategyRegistry.withBuiltins(), { symbols: ['EURUSD'], defaultTimeframe: '1' });
 * } catch (error) {
 *   if (error instanceof StrategyConfigError) console.error(error.strategyName, error.message);
 * }
 * ```
 */
export class StrategyConfigError extends Error {
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

/**
 * The configuration names a strategy type no one registered. The message lists the registered types and,
 * when one is close, suggests it.
 *
 * @example
 * ```ts
 * StrategyRegistry.withBuiltins().get('ema_crosover');
 * // UnknownStrategyTypeError: strategy "ema_crosover": unknown type "ema_crosover" (did you mean "ema_crossover"?);
 * //   registered: bollinger_breakout, ema_crossover, rsi_mean_reversion
 * ```
 */
export class UnknownStrategyTypeError extends StrategyConfigError {
  override readonly name: string = 'UnknownStrategyTypeError';

  constructor(
    strategyName: string,
    readonly type: string,
    readonly registeredTypes: readonly string[],
    readonly suggestion: string | undefined,
  ) {
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    const known = registeredTypes.length === 0 ? '(none)' : registeredTypes.join(', ');
    super(strategyName, `unknown type "${type}"${hint}; registered: ${known}`);
  }
}
