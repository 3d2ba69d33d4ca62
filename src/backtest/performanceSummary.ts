import type { RoundTrip } from '../execution/roundTrips.js';
import type { BlockedPeriod, EquityPoint } from './backtestRecords.js';
import type { EquityRecorder } from './equityRecorder.js';
import { equityStatistics, tradingDaysPerYear } from './equityStatistics.js';
import {
  groupTrades,
  summarizeTrades,
  systemQualityNumber,
  type TradeGroupStatistics,
  tradeDurationDays,
} from './tradeStatistics.js';

export type { RoundTrip } from '../execution/roundTrips.js';
export type { BlockedPeriod, EquityPoint } from './backtestRecords.js';

/**
 * The statistics of a backtest (trades, win rate, returns, drawdown, ...), as in report.json. Every figure
 * is defined in the README ("Backtest statistics"): daily figures are annualised with 252 trading days,
 * the risk-free rate is 0, a trade is one closed round trip net of both legs' commissions.
 *
 * @example
 * ```ts
 * const dataSource = new SyntheticDataSource({ seed: 42, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
 * const { summary } = await runBacktest(config, { dataSource });
 * console.log(summary.trades, summary.win_rate, summary.period.days);
 * ```
 */
export interface PerformanceSummary {
  period: { start: string; end: string; days: number };
  bars: number;
  trades: number;
  winning_trades: number;
  losing_trades: number;
  win_rate: number;
  initial_equity: number;
  final_equity: number;
  net_profit: number;
  total_return: number;
  /** Compound annual growth rate (CAGR): (final / initial)^(365.25 / days) - 1. */
  annualized_return: number;
  /** Last close over first close of the traded symbol's bars, minus 1; null without bars. */
  buy_and_hold_return: number | null;
  /** Standard deviation of daily returns x sqrt(252), or sqrt(365) for data that trades at weekends; null with fewer than 2 days. */
  annualized_volatility: number | null;
  max_drawdown: { fraction: number; amount: number; peak_time: string | null; trough_time: string | null };
  /** Mean depth (fraction of the peak) of all drawdown periods; 0 without a drawdown. */
  average_drawdown: number;
  /** Longest and mean drawdown period, peak to recovery (or to the end of data), in days. */
  max_drawdown_duration_days: number;
  average_drawdown_duration_days: number;
  drawdown_periods: number;
  /** Mean over standard deviation of daily (UTC) equity returns, times sqrt(252) (sqrt(365) for data that trades at weekends); null with fewer than 2 days. */
  sharpe_ratio: number | null;
  sharpe_annualization: string;
  /** Mean daily return over the downside deviation (target 0), times sqrt(252) (or 365, as the Sharpe ratio); null without a losing day. */
  sortino_ratio: number | null;
  /** CAGR over the maximum drawdown fraction; null without a drawdown. */
  calmar_ratio: number | null;
  /** Gross profit of winners over gross loss of losers (net of commissions); null without losers. */
  profit_factor: number | null;
  /** Signed price return of the best, worst and mean trade (fractions); null without trades. */
  best_trade: number | null;
  worst_trade: number | null;
  average_trade: number | null;
  /** Longest and mean time in a trade, in days; null without trades. */
  max_trade_duration_days: number | null;
  average_trade_duration_days: number | null;
  /** Mean net PnL per trade in account currency; null without trades. */
  expectancy: number | null;
  /** System Quality Number: sqrt(trades) x mean / standard deviation of net PnL; null below 2 trades. */
  sqn: number | null;
  /** Fraction of bars with a position open. */
  exposure: number;
  commissions_paid: number;
  by_direction: { long: TradeGroupStatistics; short: TradeGroupStatistics };
  by_strategy: Record<string, TradeGroupStatistics>;
  by_exit_reason: Record<string, TradeGroupStatistics>;
  /** Spans in which new entries were refused; null when the run did not report them. */
  blocked: { periods: number; days: number; fraction_of_period: number } | null;
}

/**
 * What the summary needs beyond trades and equity: the traded symbol's first and last close (buy and hold)
 * and the blocked periods of the run.
 *
 * @example
 * ```ts
 * declare const trips: RoundTrip[], equity: EquityPoint[], candles: Candle[], blocked: BlockedPeriod[];
 * const context: SummaryContext = { candles, blockedPeriods: blocked };
 * summarizePerformance(trips, equity, 10_000, context);
 * ```
 */
export interface SummaryContext {
  /** The traded symbol's bars (only the first and the last are read; a downsampled series is fine). */
  candles?: ReadonlyArray<{ close: number }>;
  blockedPeriods?: readonly BlockedPeriod[];
}

const cents = (value: number) => Math.round(value * 100) / 100;
const iso = (time: number) => new Date(time).toISOString();
const dayMs = 86_400_000;
const days = (milliseconds: number) => milliseconds / dayMs;

/** Epoch milliseconds of a blocked period's bound (ISO string or number); null when open or unreadable. */
export function blockedTime(value: string | number | null): number | null {
  if (value === null) return null;
  const time = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

function blockedStatistics(periods: readonly BlockedPeriod[], start: number, end: number) {
  let total = 0;
  for (const period of periods) {
    const from = Math.max(blockedTime(period.start) ?? start, start);
    const to = Math.min(blockedTime(period.end) ?? end, end);
    total += Math.max(to - from, 0);
  }
  const span = end - start;
  return {
    periods: periods.length,
    days: Math.round(days(total) * 100) / 100,
    fraction_of_period: span > 0 ? total / span : 0,
  };
}

/**
 * Computes the backtest summary from the round trips and the equity curve alone (plus the first and last
 * close for buy and hold), so that anyone can recompute it from `trades.csv` and `equity.csv`. The curve
 * is an array of points or a backtest's `EquityRecorder`, read in its own columns.
 *
 * @example
 * ```ts
 * declare const trips: RoundTrip[], equityCurve: EquityPoint[], candles: Candle[];
 * const summary = summarizePerformance(trips, equityCurve, 10_000, { candles });
 * console.log(summary.win_rate, summary.max_drawdown.fraction, summary.sortino_ratio);
 * ```
 */
export function summarizePerformance(
  trips: readonly RoundTrip[],
  equity: readonly EquityPoint[] | EquityRecorder,
  initialEquity: number,
  context: SummaryContext = {},
): PerformanceSummary {
  const first = equity.at(0);
  const last = equity.at(equity.length - 1);
  const startTime = first?.time ?? 0;
  const endTime = last?.time ?? startTime;
  const finalEquity = last?.equity ?? initialEquity;
  const periodDays = Math.max(days(endTime - startTime), 0);
  const curve = equityStatistics(equity, initialEquity);
  const { maxDrawdown, drawdowns } = curve;
  const all = summarizeTrades(trips);
  const totalReturn = initialEquity > 0 ? finalEquity / initialEquity - 1 : 0;
  const years = periodDays / 365.25;
  const annualized = years > 0 && finalEquity > 0 ? (finalEquity / initialEquity) ** (1 / years) - 1 : 0;
  const drawdownDays = drawdowns.map((period) => days(period.endTime - period.peakTime));
  const firstClose = context.candles?.[0]?.close;
  const lastClose = context.candles?.[context.candles.length - 1]?.close;
  const tripDays = trips.map(tradeDurationDays);

  return {
    period: { start: iso(startTime), end: iso(endTime), days: Math.round(periodDays * 100) / 100 },
    bars: equity.length,
    trades: trips.length,
    winning_trades: all.winning_trades,
    losing_trades: all.losing_trades,
    win_rate: all.win_rate,
    initial_equity: cents(initialEquity),
    final_equity: cents(finalEquity),
    net_profit: cents(finalEquity - initialEquity),
    total_return: totalReturn,
    annualized_return: annualized,
    buy_and_hold_return:
      firstClose !== undefined && lastClose !== undefined && firstClose > 0
        ? lastClose / firstClose - 1
        : null,
    annualized_volatility: curve.volatility,
    max_drawdown: {
      fraction: maxDrawdown.fraction,
      amount: cents(maxDrawdown.amount),
      peak_time: maxDrawdown.peakTime === null ? null : iso(maxDrawdown.peakTime),
      trough_time: maxDrawdown.troughTime === null ? null : iso(maxDrawdown.troughTime),
    },
    average_drawdown:
      drawdowns.length > 0
        ? drawdowns.reduce((total, period) => total + period.depth, 0) / drawdowns.length
        : 0,
    max_drawdown_duration_days: drawdownDays.reduce((longest, value) => Math.max(longest, value), 0),
    average_drawdown_duration_days:
      drawdownDays.length > 0
        ? drawdownDays.reduce((total, value) => total + value, 0) / drawdownDays.length
        : 0,
    drawdown_periods: drawdowns.length,
    sharpe_ratio: curve.sharpe,
    sharpe_annualization: `daily (UTC) equity returns, x sqrt(${curve.daysPerYear})${
      curve.daysPerYear === tradingDaysPerYear ? '' : ' (the data trades every day of the week)'
    }, risk-free rate 0`,
    sortino_ratio: curve.sortino,
    calmar_ratio: maxDrawdown.fraction > 0 ? annualized / maxDrawdown.fraction : null,
    profit_factor: all.profit_factor,
    best_trade: all.best_trade,
    worst_trade: all.worst_trade,
    average_trade: all.average_trade,
    max_trade_duration_days:
      tripDays.length > 0 ? tripDays.reduce((longest, value) => Math.max(longest, value)) : null,
    average_trade_duration_days: all.average_duration_days,
    expectancy: all.expectancy,
    sqn: systemQualityNumber(trips),
    exposure: equity.length > 0 ? curve.barsInMarket / equity.length : 0,
    commissions_paid: cents(trips.reduce((total, trip) => total + trip.commission, 0)),
    by_direction: {
      long: summarizeTrades(trips.filter((trip) => trip.direction === 'long')),
      short: summarizeTrades(trips.filter((trip) => trip.direction === 'short')),
    },
    by_strategy: groupTrades(trips, (trip) => trip.strategy),
    by_exit_reason: groupTrades(trips, (trip) => String(trip.exit_reason)),
    blocked: context.blockedPeriods ? blockedStatistics(context.blockedPeriods, startTime, endTime) : null,
  };
}
