import type { z } from 'zod';
import type { IndicatorRow } from '../events/candle.js';
import type { Direction } from '../events/tradingEvents.js';

/**
 * A strategy instance: decides entries from closed rows only. It must look at nothing but `rows` (no
 * clock, no global state, no rows from the future), so the same rows always give the same answer and a
 * backtest is reproducible. Exits by stop-loss, take-profit and holding time are the engine's job; an
 * opposite answer from `evaluate` while a position is open closes it.
 *
 * @example
 * ```ts
 * const alwaysLong: Strategy = { type: 'always_long', requiredIndicators: [], evaluate: () => 'long' };
 * ```
 */
export interface Strategy {
  readonly type: string;
  /**
   * Entry direction wanted on the last row (the candle just closed), or `undefined`. Pure: same rows, same
   * answer. Return `undefined` while a needed value is missing (indicators warming up).
   */
  evaluate(rows: readonly IndicatorRow[]): Direction | undefined;
  /** Indicator columns it reads; checked against the configured indicators at start-up. */
  readonly requiredIndicators: readonly string[];
}

/**
 * A strategy type: its parameter schema (zod, with defaults) and a factory. Registered in a
 * `StrategyRegistry` under `type`; YAML names the type and gives `params`, validated by `parameters` once
 * at start-up (never per candle).
 *
 * Declared with method syntax on purpose: definitions with different `P` must fit in one registry.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * const def: StrategyDefinition<{ column: string }> = {
 *   type: 'above_zero',
 *   description: 'Long while a column is above zero',
 *   parameters: z.strictObject({ column: z.string().default('macd') }),
 *   create: ({ column }) => ({
 *     type: 'above_zero',
 *     requiredIndicators: [column],
 *     evaluate: (rows) => ((rows.at(-1)?.indicators[column] ?? 0) > 0 ? 'long' : undefined),
 *   }),
 * };
 * ```
 */
export interface StrategyDefinition<P> {
  readonly type: string;
  readonly description: string;
  readonly parameters: z.ZodType<P>;
  create(params: P): Strategy;
}

/**
 * Identity helper for users writing their own strategy: infers `P` from the zod schema so `create` gets
 * typed parameters. Register the result with `registry.register(...)`.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const macdSign = defineStrategy({
 *   type: 'macd_sign',
 *   description: 'Long when the MACD histogram turns positive, short when it turns negative',
 *   parameters: z.strictObject({ column: z.string().default('macd_histogram') }),
 *   create: ({ column }) => ({
 *     type: 'macd_sign',
 *     requiredIndicators: [column],
 *     evaluate(rows) {
 *       const now = rows.at(-1)?.indicators[column];
 *       const before = rows.at(-2)?.indicators[column];
 *       if (now === undefined || before === undefined) return undefined;
 *       if (before <= 0 && now > 0) return 'long';
 *       if (before >= 0 && now < 0) return 'short';
 *       return undefined;
 *     },
 *   }),
 * });
 * const registry = StrategyRegistry.withBuiltins().register(macdSign);
 * ```
 */
export function defineStrategy<P>(definition: StrategyDefinition<P>): StrategyDefinition<P> {
  return definition;
}
