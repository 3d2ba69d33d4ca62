import type { EventPayload } from '../events/tradingEvents.js';
import type { StrategyDecision } from './strategyEngine.js';

type EntryDecision = Extract<StrategyDecision, { kind: 'entry' }>;
type ExitDecision = Extract<StrategyDecision, { kind: 'exit' }>;

const common = (decision: StrategyDecision) => ({
  symbol: decision.symbol,
  strategy_name: decision.strategyName,
  direction: decision.direction,
  timeframe: decision.timeframe,
  candle_time: decision.candleTime,
  price: decision.price,
});

/**
 * The `EntrySignalEvent` fields for an entry decision: one mapping, used by the service and the benchmark.
 *
 * @example
 * ```ts
 * events.create('EntrySignalEvent', entrySignalPayload(decision), cause);
 * ```
 */
export function entrySignalPayload(decision: EntryDecision): EventPayload<'EntrySignalEvent'> {
  return {
    ...common(decision),
    ...(decision.stopLoss !== undefined ? { stop_loss: decision.stopLoss } : {}),
    ...(decision.takeProfit !== undefined ? { take_profit: decision.takeProfit } : {}),
    ...(decision.limitPrice !== undefined ? { limit_price: decision.limitPrice } : {}),
  };
}

/**
 * The `ExitSignalEvent` fields for an exit decision.
 *
 * @example
 * ```ts
 * events.create('ExitSignalEvent', exitSignalPayload(decision), cause);
 * ```
 */
export function exitSignalPayload(decision: ExitDecision): EventPayload<'ExitSignalEvent'> {
  return { ...common(decision), reason: decision.reason };
}
