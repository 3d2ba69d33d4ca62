import type { EventBusPort, SubscriptionId } from './busTypes.js';

/**
 * The event a process learns of each candle from: the candle itself, or the indicators computed from it
 * (one per candle, carrying its time as the last row's), for a process that consumes no candle otherwise.
 */
export type CandleEventType = 'NewCandleEvent' | 'IndicatorsCalculatedEvent';

/**
 * Calls `handler` with the symbol, timeframe and time of every candle `type` announces. Across processes a
 * process that runs only the strategies counts candles by their indicators: a durable consumer of the
 * candles just to count them would double the messages it receives and acknowledges (see
 * `CrossProcessTransport.candleEvent`).
 *
 * @example
 * ```ts
 * let bars = 0;
 * subscribeCandles(bus, 'IndicatorsCalculatedEvent', (symbol, timeframe) => {
 *   if (timeframe === '1h') bars++;
 * });
 * ```
 */
export function subscribeCandles(
  bus: Pick<EventBusPort, 'subscribe'>,
  type: CandleEventType,
  handler: (symbol: string, timeframe: string, time: number) => void,
): SubscriptionId {
  if (type === 'NewCandleEvent')
    return bus.subscribe('NewCandleEvent', (event) => handler(event.symbol, event.timeframe, event.bar.time));
  return bus.subscribe('IndicatorsCalculatedEvent', (event) => {
    const last = event.recent_rows.at(-1);
    if (last !== undefined) handler(event.symbol, event.timeframe, last.time);
  });
}
