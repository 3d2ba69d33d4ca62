import type { SystemConfig } from '../config/systemConfig.js';
import type { Strategy } from './defineStrategy.js';
import { StrategyConfigError } from './strategyConfigError.js';
import type { StrategyRegistry } from './strategyRegistry.js';

/** Regimes the indicator service reports; `regimes:` in a strategy entry must name some of these. */
export const marketRegimes = ['trending_up', 'trending_down', 'ranging', 'volatile', 'unknown'] as const;

type StrategyEntry = SystemConfig['services']['strategy_evaluation']['strategies'][number];

/** A configured strategy, validated and ready for the per-candle path. */
export interface StrategyInstance {
  readonly name: string;
  readonly strategy: Strategy;
  readonly symbols: readonly string[];
  readonly timeframes: readonly string[];
  readonly regimes: ReadonlySet<string> | undefined;
  readonly stopLossAtr: number | undefined;
  readonly takeProfitAtr: number | undefined;
  /** Entries are limit orders this many ATRs better than the decision close. */
  readonly entryLimitAtr: number | undefined;
  readonly maxHoldingBars: number | undefined;
}

/** What a strategy entry is checked against. */
export interface StrategyInstanceContext {
  symbols: readonly string[];
  defaultTimeframe: string;
  timeframes?: readonly string[];
  availableIndicators?: readonly string[];
}

/**
 * Builds one configured strategy: parameters validated by its type's schema, symbols among those traded,
 * timeframes among those computed, regimes among `marketRegimes`, and every column it reads (plus `atr`
 * when it has a stop or target in ATR) among the computed indicator columns. Each failure is a
 * `StrategyConfigError` naming the instance.
 *
 * @example
 * ```ts
 * const instance = buildStrategyInstance({ name: 'ema_cross', type: 'ema_crossover', params: {} }, registry, {
 *   symbols: ['EURUSD'],
 *   defaultTimeframe: '1',
 * });
 * instance.timeframes; // ['1']
 * ```
 */
export function buildStrategyInstance(
  entry: StrategyEntry,
  registry: StrategyRegistry,
  context: StrategyInstanceContext,
): StrategyInstance {
  const { symbols, timeframes, availableIndicators } = context;
  const strategy = registry.create(entry.name, entry.type, entry.params);
  for (const symbol of entry.symbols ?? []) {
    if (!symbols.includes(symbol)) {
      throw new StrategyConfigError(
        entry.name,
        `symbols: "${symbol}" is not traded (traded: ${symbols.join(', ')})`,
      );
    }
  }
  for (const timeframe of entry.timeframes ?? []) {
    if (timeframes !== undefined && !timeframes.includes(timeframe)) {
      throw new StrategyConfigError(
        entry.name,
        `timeframes: "${timeframe}" is not computed (timeframes: ${timeframes.join(', ')})`,
      );
    }
  }
  for (const regime of entry.regimes ?? []) {
    if (!(marketRegimes as readonly string[]).includes(regime)) {
      throw new StrategyConfigError(
        entry.name,
        `regimes: unknown regime "${regime}" (known: ${marketRegimes.join(', ')})`,
      );
    }
  }
  if (availableIndicators !== undefined) {
    const needed = [...strategy.requiredIndicators];
    if (
      entry.stop_loss_atr !== undefined ||
      entry.take_profit_atr !== undefined ||
      entry.entry_limit_atr !== undefined
    )
      needed.push('atr');
    const missing = needed.filter((column) => !availableIndicators.includes(column));
    if (missing.length > 0) {
      throw new StrategyConfigError(
        entry.name,
        `needs indicator column${missing.length > 1 ? 's' : ''} ${missing.map((column) => `"${column}"`).join(', ')}, ` +
          `not computed (computed: ${availableIndicators.join(', ') || 'none'}); add it under services.indicator_calculation.indicators`,
      );
    }
  }
  return {
    name: entry.name,
    strategy,
    symbols: entry.symbols ?? symbols,
    timeframes: entry.timeframes ?? [context.defaultTimeframe],
    regimes: entry.regimes === undefined ? undefined : new Set(entry.regimes),
    stopLossAtr: entry.stop_loss_atr,
    takeProfitAtr: entry.take_profit_atr,
    entryLimitAtr: entry.entry_limit_atr,
    maxHoldingBars: entry.max_holding_bars,
  };
}
