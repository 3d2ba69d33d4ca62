import type { OrderRequest } from './broker.js';

/**
 * A broker refused an order. `reason` is a short machine-readable word (`position_exists`,
 * `no_position`, `invalid_size`, ...); the message says it in full.
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * try {
 *   await broker.placeOrder(order);
 * } catch (error) {
 *   if (error instanceof OrderRejectedError) console.warn(error.reason);
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
