import type { RoundTrip } from '../execution/roundTrips.js';

const dayMs = 86_400_000;
const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * The statistics of a set of round trips: the whole backtest, one direction, one strategy or one exit reason.
 * Money in account currency, net of commissions; returns are fractions (0.01 = 1%).
 *
 * @example
 * ```ts
 * declare const result: BacktestResult;
 * const byStrategy: Record<string, TradeGroupStatistics> = result.summary.by_strategy;
 * for (const [name, group] of Object.entries(byStrategy)) console.log(name, group.trades, group.net_profit);
 * ```
 */
export interface TradeGroupStatistics {
  trades: number;
  winning_trades: number;
  losing_trades: number;
  win_rate: number;
  net_profit: number;
  /** Net PnL of the winners over the net loss of the losers; null without losers. */
  profit_factor: number | null;
  /** Mean price return of a trade, signed by direction (a short that falls gains); null without trades. */
  average_trade: number | null;
  best_trade: number | null;
  worst_trade: number | null;
  /** Mean net PnL per trade: win rate x average win - loss rate x average loss; null without trades. */
  expectancy: number | null;
  average_duration_days: number | null;
}

/**
 * The price return of one round trip, signed by its direction: `exit / entry - 1` for a long,
 * `1 - exit / entry` for a short. Commissions are not in it (they are in `net_pnl`).
 *
 * @example
 * ```ts
 * declare const trip: RoundTrip;
 * tradeReturn({ ...trip, direction: 'short', entry_price: 100, exit_price: 90 }); // 0.1
 * ```
 */
export function tradeReturn(trip: RoundTrip): number {
  if (trip.entry_price <= 0) return 0;
  const change = trip.exit_price / trip.entry_price - 1;
  return trip.direction === 'short' ? -change : change;
}

/** Time in the market of one round trip, in days. */
export const tradeDurationDays = (trip: RoundTrip) => (trip.exit_time - trip.entry_time) / dayMs;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Statistics of the given round trips (see {@link TradeGroupStatistics}).
 *
 * @example
 * ```ts
 * const longs = summarizeTrades(trips.filter((trip) => trip.direction === 'long'));
 * ```
 */
export function summarizeTrades(trips: readonly RoundTrip[]): TradeGroupStatistics {
  const winners = trips.filter((trip) => trip.net_pnl > 0);
  const losers = trips.filter((trip) => trip.net_pnl <= 0);
  const grossProfit = sum(winners.map((trip) => trip.net_pnl));
  const grossLoss = -sum(losers.map((trip) => trip.net_pnl));
  const returns = trips.map(tradeReturn);
  const count = trips.length;
  return {
    trades: count,
    winning_trades: winners.length,
    losing_trades: losers.length,
    win_rate: count > 0 ? winners.length / count : 0,
    net_profit: cents(grossProfit - grossLoss),
    profit_factor: grossLoss > 0 ? grossProfit / grossLoss : null,
    average_trade: count > 0 ? sum(returns) / count : null,
    best_trade: count > 0 ? returns.reduce((best, value) => Math.max(best, value)) : null,
    worst_trade: count > 0 ? returns.reduce((worst, value) => Math.min(worst, value)) : null,
    expectancy: count > 0 ? (grossProfit - grossLoss) / count : null,
    average_duration_days: count > 0 ? sum(trips.map(tradeDurationDays)) / count : null,
  };
}

/**
 * Van Tharp's System Quality Number: sqrt(trades) x mean(net PnL) / standard deviation(net PnL), the
 * sample deviation; null with fewer than 2 trades or when every trade made the same.
 *
 * @example
 * ```ts
 * systemQualityNumber(trips); // e.g. 1.8
 * ```
 */
export function systemQualityNumber(trips: readonly RoundTrip[]): number | null {
  if (trips.length < 2) return null;
  const pnl = trips.map((trip) => trip.net_pnl);
  const average = sum(pnl) / pnl.length;
  const deviation = Math.sqrt(sum(pnl.map((value) => (value - average) ** 2)) / (pnl.length - 1));
  // Equal PnLs leave a deviation of float noise (74 trades of -0.70: 1e-16), not a spread of results.
  const noise = 1e-9 * Math.max(...pnl.map(Math.abs));
  return deviation > noise ? (Math.sqrt(pnl.length) * average) / deviation : null;
}

/**
 * Splits round trips by a key (strategy, exit reason) and summarises each group; keys sorted so that
 * report.json is the same bytes for the same trades.
 *
 * @example
 * ```ts
 * const byStrategy = groupTrades(trips, (trip) => trip.strategy);
 * ```
 */
export function groupTrades(
  trips: readonly RoundTrip[],
  key: (trip: RoundTrip) => string,
): Record<string, TradeGroupStatistics> {
  const groups = new Map<string, RoundTrip[]>();
  for (const trip of trips) {
    const name = key(trip);
    const group = groups.get(name);
    if (group) group.push(trip);
    else groups.set(name, [trip]);
  }
  // Built by Object.fromEntries, not key by key: keys that differ per run (exit reasons, strategies) gave
  // this function a new object map each time, and the optimiser threw its code away every few trials.
  return Object.fromEntries(
    [...groups.keys()].sort().map((name) => [name, summarizeTrades(groups.get(name)!)] as const),
  );
}
