import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { OrderRequest } from './broker.js';

/**
 * The order a signal asks for, not sized yet (`size: 0`): `limit` (on the instrument's tick) makes it a
 * limit entry whose reference is that limit.
 *
 * @example
 * ```ts
 * const order = signalOrder(signal, clientOrderId('ema_cross', 'EURUSD', '5', candleTime, 'open'), 'open', undefined);
 * order.size = sizing.size;
 * ```
 */
export function signalOrder(
  signal: EntrySignalEvent | ExitSignalEvent,
  clientOrderId: string,
  intent: 'open' | 'close',
  limit: number | undefined,
): OrderRequest {
  const order: OrderRequest = {
    clientOrderId,
    symbol: signal.symbol,
    direction: signal.direction,
    size: 0,
    intent,
    strategyName: signal.strategy_name,
    // A limit entry's reference is its limit, on the instrument's tick (see WorkingOrderBook).
    referencePrice: limit ?? signal.price,
    // A fill belongs to the bar it happens in: at this bar's close, stamped with the bar's opening time.
    time: signal.candle_time,
  };
  // Assignments, not spreads of conditional objects (those leave V8's fast path); same key order.
  if (signal.type === 'ExitSignalEvent') order.reason = signal.reason;
  if (limit !== undefined) order.orderType = 'limit';
  return order;
}
