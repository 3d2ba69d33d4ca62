import type { Fill } from './broker.js';

/**
 * The last fill of a client order id in a broker's fills, found through an index that grows with the list:
 * a scan per order made a long run quadratic in its fills. Brokers keep their fills append-only (the paper
 * broker appends to one shared list); a list that is replaced (a restore) or shorter than what was indexed
 * is indexed again from the start.
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * const lookup = new FillLookup();
 * const fill = lookup.find(broker.getFills(), 'ema_cross:EURUSD:1:20250106T100000Z:open'); // undefined: none yet
 * ```
 */
export class FillLookup {
  private fills: readonly Fill[] | undefined;
  private indexed = 0;
  private readonly byId = new Map<string, Fill>();

  /** The last fill of `clientOrderId` in `fills`, or undefined. */
  find(fills: readonly Fill[], clientOrderId: string): Fill | undefined {
    if (fills !== this.fills || fills.length < this.indexed) {
      this.fills = fills;
      this.indexed = 0;
      this.byId.clear();
    }
    // Later fills of the same id replace earlier ones: the last one wins, as a scan from the end finds it.
    for (; this.indexed < fills.length; this.indexed++) {
      const fill = fills[this.indexed]!;
      this.byId.set(fill.clientOrderId, fill);
    }
    return this.byId.get(clientOrderId);
  }
}
