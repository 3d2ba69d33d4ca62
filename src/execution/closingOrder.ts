import type { OrderRequest } from './broker.js';

/**
 * A closing order for `position` where no signal is behind it (stops, targets and margin calls): its id is
 * the opening order's with the reason in place of `:open`, so a re-run of the same bar recognises it.
 *
 * @example
 * ```ts
 * const order = closingOrder(position, bar.low, bar.time, 'stop_loss', 'stop');
 * ```
 */
export function closingOrder(
  position: {
    symbol: string;
    strategyName: string;
    direction: OrderRequest['direction'];
    size: number;
    clientOrderId: string;
  },
  price: number,
  time: number,
  reason: string,
  orderType: OrderRequest['orderType'],
): OrderRequest {
  return {
    clientOrderId: `${position.clientOrderId.replace(/:open$/, '')}:${reason}`,
    symbol: position.symbol,
    direction: position.direction,
    size: position.size,
    intent: 'close',
    strategyName: position.strategyName,
    referencePrice: price,
    time,
    orderType,
    reason,
  };
}
