import type { Position } from './broker.js';
import { exitSidePrice, type PaperPricing, pricePnl } from './paperPricing.js';

/** Unrealized PnL of `position` at `mark`: at the exit side, converted at `rate`. */
export function unrealizedAt(position: Position, mark: number, pricing: PaperPricing, rate: number): number {
  const exit = exitSidePrice(position.direction, mark, pricing);
  return pricePnl(position.direction, position.entryPrice, exit, position.size, pricing.contractSize, rate);
}
