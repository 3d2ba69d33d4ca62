import type { EventPayload } from '../events/tradingEvents.js';
import type { StrategyDecision } from './strategyEngine.js';

type EntryDecision = Extract<StrategyDecision, { kind: 'entry' }>;
type ExitDecision = Extract<StrategyDecision, { kind: 'exit' }>;

/** The fields every signal has, in the events' field order. */
function commonFields(decision: StrategyDecision) {
  return {
    symbol: decision.symbol,
    strategy_name: decision.strategyName,
    direction: decision.direction,
    timeframe: decision.timeframe,
    candle_time: decision.candleTime,
    price: decision.price,
  };
}

/**
 * The `EntrySignalEvent` fields for an entry decision: one mapping, used by the service and the benchmark.
 *
 * @example
 * ```ts
 * events.create('EntrySignalEvent', entrySignalPayload(decision), cause);
 * ```
 */
export function entrySignalPayload(decision: EntryDecision): EventPayload<'EntrySignalEvent'> {
  // Literals and assignments, not spreads of conditional objects: those leave V8's fast path (~2 µs a
  // signal). The keys keep the order the spreads gave them, so serialized events stay byte-identical.
  const payload: EventPayload<'EntrySignalEvent'> = commonFields(decision);
  if (decision.stopLoss !== undefined) payload.stop_loss = decision.stopLoss;
  if (decision.takeProfit !== undefined) payload.take_profit = decision.takeProfit;
  if (decision.limitPrice !== undefined) payload.limit_price = decision.limitPrice;
  return payload;
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
  const payload = commonFields(decision) as EventPayload<'ExitSignalEvent'>;
  payload.reason = decision.reason;
  return payload;
}
