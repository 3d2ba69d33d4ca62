import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { OrderRequest } from './broker.js';

/** Suffix of the event id of a broker-side exit (stop, target, margin call): no strategy signalled it. */
export const BROKER_SIDE = ':broker';

/**
 * The exit signal a stop, target or margin call stands for, so that the outbox writes it like any other
 * order (a crash right after it then finds it). Undefined without the bar event it happened in.
 *
 * @example
 * ```ts
 * const signal = brokerSideExit(stopOrder, barEvent); // ExitSignalEvent { reason: 'stop_loss', ... }
 * ```
 */
export function brokerSideExit(
  order: OrderRequest,
  cause: { eventId: string; correlationId: string; timestamp: number; timeframe: string } | undefined,
): ExitSignalEvent | undefined {
  if (cause === undefined) return undefined;
  return {
    type: 'ExitSignalEvent',
    eventId: `${cause.eventId}:${order.reason}${BROKER_SIDE}`,
    timestamp: cause.timestamp,
    correlationId: cause.correlationId,
    symbol: order.symbol,
    strategy_name: order.strategyName,
    direction: order.direction,
    timeframe: cause.timeframe,
    candle_time: order.time,
    price: order.referencePrice,
    reason: order.reason as ExitSignalEvent['reason'],
  };
}

/** Key of a (symbol, strategy) slot. */
export function levelKey(symbol: string, strategyName: string): string {
  return `${symbol}\u0000${strategyName}`;
}

/** Orders go out at the close of the decision candle; a timeframe that is not minutes falls back to the event time. */
export function orderTime(signal: EntrySignalEvent | ExitSignalEvent): number {
  const minutes = Number(signal.timeframe);
  return Number.isFinite(minutes) && minutes > 0 ? signal.candle_time + minutes * 60_000 : signal.timestamp;
}

const BROKER_SIDE_TYPES: Readonly<Record<string, OrderRequest['orderType']>> = {
  stop_loss: 'stop',
  take_profit: 'limit',
  margin_call: 'market',
};

/**
 * The order type and reason of a broker-side exit, read back from its client order id
 * (`<opening id>:stop_loss`), for an order re-sent after a crash from what the store kept. Empty for others.
 *
 * @example
 * ```ts
 * brokerSideOrderFields('ema_cross:EURUSD:1:20250106T100000Z:take_profit'); // { orderType: 'limit', reason: 'take_profit' }
 * ```
 */
export function brokerSideOrderFields(clientOrderId: string): Pick<OrderRequest, 'orderType' | 'reason'> {
  const reason = clientOrderId.slice(clientOrderId.lastIndexOf(':') + 1);
  const orderType = BROKER_SIDE_TYPES[reason];
  return orderType === undefined ? {} : { orderType, reason };
}
