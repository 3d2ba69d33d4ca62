import type { OrderRequest } from './broker.js';

/**
 * A broker refused an order. `reason` is a short machine-readable word (`position_exists`,
 * `no_position`, `invalid_size`, ...); the message says it in full.
 *
 * @example
 * ```ts
 * const broker = new PaperBroker({ trading: config.trading });
 * const order: OrderRequest = {
 *   clientOrderId: 'ema_cross:EURUSD:1:20250106T100000Z:close', symbol: 'EURUSD', direction: 'long', size: 0.1,
 *   intent: 'close', strategyName: 'ema_cross', referencePrice: 1.1, time: Date.parse('2025-01-06T10:01:00Z'),
 * };
 * try {
 *   broker.placeOrder(order);
 * } catch (error) {
 *   // There is no long position to close: error.reason is 'no_position'.
 *   if (error instanceof OrderRejectedError) console.warn(error.reason, error.message);
 *   else throw error;
 * }
 * ```
 */
export class OrderRejectedError extends Error {
  override readonly name = 'OrderRejectedError';

  constructor(
    readonly reason: string,
    readonly order?: OrderRequest,
    detail?: string,
  ) {
    super(
      `order ${order?.clientOrderId ?? '(unknown)'} rejected: ${reason}${detail === undefined ? '' : ` (${detail})`}`,
    );
  }
}
