import { UserError } from '../errors/userError.js';

/**
 * A strategy's `evaluate` threw on a candle. The engine catches it, skips that strategy for that candle
 * (the others still run) and hands it to `onEvaluationError` so the service can count
 * `evaluation_errors` and log it. The strategy's own code threw (a user's module, or the parameters it was
 * given), so it is a {@link UserError} (exit code 2) should it ever end a command.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 *
 * const logger = pino({ level: 'silent' });
 * const registry = StrategyRegistry.withBuiltins();
 * const engine = new StrategyEngine(config.services.strategy_evaluation, registry, {
 *   symbols: ['EURUSD'],
 *   defaultTimeframe: '1',
 *   onEvaluationError: (error: StrategyEvaluationError) => logger.error({ err: error }, error.message),
 * });
 * ```
 */
export class StrategyEvaluationError extends UserError {
  override readonly name: string = 'StrategyEvaluationError';

  constructor(
    readonly strategyName: string,
    readonly symbol: string,
    readonly timeframe: string,
    readonly candleTime: number,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `strategy "${strategyName}" failed on ${symbol}/${timeframe} at ${new Date(candleTime).toISOString()}: ${reason}`,
      { cause },
    );
  }
}
