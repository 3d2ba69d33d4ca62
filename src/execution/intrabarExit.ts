import type { Candle } from '../events/candle.js';
import type { Direction } from '../events/tradingEvents.js';

/**
 * A protective exit found inside a bar: which level was hit, at what reference price, as which order type.
 *
 * @example
 * ```ts
 * const bar = { time: Date.parse('2025-01-06T10:05:00Z'), open: 1.095, high: 1.096, low: 1.088, close: 1.091, volume: 100 };
 * const exit: IntrabarExit | undefined = intrabarExit('long', { stopLoss: 1.09, takeProfit: 1.12 }, bar);
 * // { reason: 'stop_loss', price: 1.09, orderType: 'stop' }
 * ```
 */
export interface IntrabarExit {
  reason: 'stop_loss' | 'take_profit';
  /** The level, or the bar's open when the bar opened beyond it (a gap). */
  price: number;
  orderType: 'stop' | 'limit';
}

/**
 * Checks a position's stop-loss and take-profit against one bar's range (the bars after the entry fill,
 * the entry bar included: the entry happened at its open).
 * - A stop is hit when the bar trades through it (long: low ≤ stop; short: high ≥ stop). It fills at the
 *   stop, or at the open when the bar opened beyond it: a gap is not a chance to exit at the old price.
 * - A target is hit when the bar reaches it (long: high ≥ target); it fills at the target, or at the
 *   better open after a favourable gap.
 * - Both in one bar: the stop. Without ticks the order inside a bar is unknown, and the worse reading is
 *   the one a trader can rely on.
 *
 * @example
 * ```ts
 * const bar = { time: 0, open: 1.095, high: 1.1, low: 1.085, close: 1.09, volume: 1 };
 * intrabarExit('long', { stopLoss: 1.09, takeProfit: 1.12 }, bar); // { reason: 'stop_loss', price: 1.09, orderType: 'stop' }
 * intrabarExit('long', { stopLoss: 1.1 }, bar); // gap below the stop: { reason: 'stop_loss', price: 1.095, ... }
 * ```
 */
export function intrabarExit(
  direction: Direction,
  levels: { stopLoss?: number | undefined; takeProfit?: number | undefined },
  bar: Candle,
): IntrabarExit | undefined {
  const long = direction === 'long';
  const { stopLoss, takeProfit } = levels;
  if (stopLoss !== undefined && (long ? bar.low <= stopLoss : bar.high >= stopLoss)) {
    const gapped = long ? bar.open < stopLoss : bar.open > stopLoss;
    return { reason: 'stop_loss', price: gapped ? bar.open : stopLoss, orderType: 'stop' };
  }
  if (takeProfit !== undefined && (long ? bar.high >= takeProfit : bar.low <= takeProfit)) {
    const gapped = long ? bar.open > takeProfit : bar.open < takeProfit;
    return { reason: 'take_profit', price: gapped ? bar.open : takeProfit, orderType: 'limit' };
  }
  return undefined;
}
