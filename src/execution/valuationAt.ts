import type { PaperAccountState } from './paperAccounting.js';
import { type PaperPricing, positionMargin, roundCents } from './paperPricing.js';
import { PositionTotals } from './positionTotals.js';
import { unrealizedAt } from './unrealizedAt.js';

/**
 * Equity and used margin as a mark of `symbol` at `price` would book them, computed without making a state
 * (a margin check tries the bar's adverse extreme on every bar with a position open). Undefined when that
 * mark would change more than its own valuation (it would raise the equity peak) or when only the mark
 * itself sums exactly (no exact totals): the caller then marks.
 *
 * @example
 * ```ts
 * const trial = valuationAt(state, 'EURUSD', bar.low, bar.time, pricing);
 * const stopped = trial !== undefined && trial.usedMargin > 0 && (trial.equity / trial.usedMargin) * 100 <= 50;
 * ```
 */
export function valuationAt(
  state: PaperAccountState,
  symbol: string,
  price: number,
  time: number,
  pricing: PaperPricing,
): { equity: number; usedMargin: number } | undefined {
  const { positions } = state;
  const totals = PositionTotals.of(positions);
  if (totals === undefined) return undefined;
  const trial = totals.trial();
  const indices = totals.indicesOf(symbol);
  if (indices.length > 0) {
    // The rate reads the marks of other symbols only (a cross pair's conversion), never `symbol`'s own.
    const rate = pricing.rate === undefined ? 1 : pricing.rate(price, state.marks, time);
    for (let next = 0; next < indices.length; next++) {
      const position = positions[indices[next]!]!;
      // valuedAt's figures, without the position object it would make.
      const unrealizedPnl = unrealizedAt(position, price, pricing, rate);
      const margin = positionMargin(position.size, price, pricing, rate);
      if (unrealizedPnl === position.unrealizedPnl && margin === (position.margin ?? 0)) continue;
      if (!PositionTotals.shift(trial, position, unrealizedPnl, margin)) return undefined;
    }
  }
  const account = state.account;
  const equity = roundCents(account.balance + trial.unrealizedCents / 100);
  if (equity > account.peakEquity) return undefined;
  return { equity, usedMargin: trial.marginCents / 100 };
}
