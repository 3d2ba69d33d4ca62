import type { IndicatorRow } from '../events/candle.js';
import type { Direction, ExitReason } from '../events/tradingEvents.js';
import type { OpenPosition } from './entryManagerState.js';

/**
 * The exit a closed candle triggers for an open position from its protective rules, in priority order:
 * stop-loss (long: low ≤ stop; short: high ≥ stop), take-profit (long: high ≥ target; short: low ≤
 * target), then maximum holding time (bars held ≥ `maxHoldingBars`). When a candle's range touches both
 * the stop and the target, the stop wins: without intrabar data the pessimistic reading is the honest one.
 * The opposite-signal exit is the engine's (it needs the strategy).
 *
 * @example
 * ```ts
 * riskExitReason({ direction: 'long', entryPrice: 1.1, entryTime: 0, barIndex: 0, stopLoss: 1.09 }, row, 3, 240);
 * // 'stop_loss' when row.low <= 1.09
 * ```
 */
export function riskExitReason(
  position: OpenPosition,
  row: IndicatorRow,
  barsHeld: number,
  maxHoldingBars: number | undefined,
): ExitReason | undefined {
  const long = position.direction === 'long';
  const { stopLoss, takeProfit } = position;
  if (stopLoss !== undefined && (long ? row.low <= stopLoss : row.high >= stopLoss)) return 'stop_loss';
  if (takeProfit !== undefined && (long ? row.high >= takeProfit : row.low <= takeProfit))
    return 'take_profit';
  if (maxHoldingBars !== undefined && barsHeld >= maxHoldingBars) return 'max_holding';
  return undefined;
}

/**
 * Stop-loss and take-profit at entry: `price ∓ atr × stopLossAtr` and `price ± atr × takeProfitAtr`
 * (long / short). A level is left out when its multiple is not configured, when ATR is absent (warming
 * up) or not positive, or when it would be a non-positive price.
 *
 * @example
 * ```ts
 * entryLevels('long', 1.1, 0.001, 2, 3); // { stopLoss: 1.098, takeProfit: 1.103 }
 * ```
 */
export function entryLevels(
  direction: Direction,
  price: number,
  atr: number | undefined,
  stopLossAtr: number | undefined,
  takeProfitAtr: number | undefined,
): { stopLoss?: number; takeProfit?: number } {
  const levels: { stopLoss?: number; takeProfit?: number } = {};
  if (atr === undefined || !(atr > 0)) return levels;
  const sign = direction === 'long' ? 1 : -1;
  if (stopLossAtr !== undefined) {
    const stopLoss = price - sign * atr * stopLossAtr;
    if (stopLoss > 0) levels.stopLoss = stopLoss;
  }
  if (takeProfitAtr !== undefined) {
    const takeProfit = price + sign * atr * takeProfitAtr;
    if (takeProfit > 0) levels.takeProfit = takeProfit;
  }
  return levels;
}

/**
 * The limit price of an entry that asks for one (`entry_limit_atr`): `atr × entryLimitAtr` better than the
 * decision close (below for a long, above for a short). Undefined without the setting or without an ATR,
 * which makes the entry a market order.
 *
 * @example
 * ```ts
 * entryLimit('long', 1.1, 0.001, 0.5); // { limitPrice: 1.0995 }
 * ```
 */
export function entryLimit(
  direction: Direction,
  price: number,
  atr: number | undefined,
  entryLimitAtr: number | undefined,
): { limitPrice: number } | undefined {
  if (entryLimitAtr === undefined || atr === undefined || !(atr > 0)) return undefined;
  const limitPrice = price - (direction === 'long' ? 1 : -1) * atr * entryLimitAtr;
  return limitPrice > 0 ? { limitPrice } : undefined;
}
