/**
 * One point of a run's equity curve (the backtest report's `EquityPoint`).
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * store.saveEquityPoint({ time: Date.now(), balance: 10_000, equity: 10_020, in_market: true });
 * ```
 */
export interface EquityCurvePoint {
  time: number;
  balance: number;
  equity: number;
  in_market: boolean;
}
