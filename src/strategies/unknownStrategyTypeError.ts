import { StrategyConfigError } from './strategyConfigError.js';

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
