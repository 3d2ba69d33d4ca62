import type { Fill, Position } from '../execution/broker.js';
import { type PositionChange, type StoredPosition, toStoredPosition } from './storeRecords.js';

/**
 * The {@link PositionChange} to record with `fill`, read from the broker's positions *after* the fill: the
 * broker is the source of truth, so the store copies its (symbol, strategy) position, or deletes it when the
 * broker has none. Exits (stop loss, take profit) come from the order when it opened the position, else
 * from the position already stored.
 *
 * @example
 * ```ts
 * const fill = await broker.placeOrder(request);
 * const change = positionChangeAfter(fill, broker.getPositions(), intent, store.getPosition(fill.symbol, fill.strategyName));
 * store.recordFill(fill, change, broker.getAccount());
 * ```
 */
export function positionChangeAfter(
  fill: Fill,
  brokerPositions: readonly Position[],
  exits: { stopLoss?: number | undefined; takeProfit?: number | undefined } = {},
  stored?: StoredPosition,
): PositionChange {
  const position = brokerPositions.find(
    (open) => open.symbol === fill.symbol && open.strategyName === fill.strategyName,
  );
  if (position === undefined) return { kind: 'delete', symbol: fill.symbol, strategyName: fill.strategyName };
  const source = fill.intent === 'open' ? exits : (stored ?? {});
  return {
    kind: 'upsert',
    position: toStoredPosition(position, { stopLoss: source.stopLoss, takeProfit: source.takeProfit }),
  };
}
