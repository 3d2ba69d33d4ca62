/**
 * A write would break the store's invariants: a fill for an order that was never written to the outbox,
 * or a second fill for an order already filled. It signals a bug in the caller (the outbox order was
 * skipped), so it is thrown rather than ignored; the transaction it happened in is rolled back.
 *
 * @example
 * ```ts
 * try {
 *   store.recordFill(fill, change, account);
 * } catch (error) {
 *   if (error instanceof StoreConsistencyError) logger.fatal({ orderId: error.clientOrderId }, error.message);
 *   throw error;
 * }
 * ```
 */
export class StoreConsistencyError extends Error {
  override readonly name = 'StoreConsistencyError';

  constructor(
    readonly clientOrderId: string,
    detail: string,
  ) {
    super(`order ${clientOrderId}: ${detail}`);
  }
}
