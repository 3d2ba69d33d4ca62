import type { Direction, ExitReason } from '../events/tradingEvents.js';

/**
 * One closed round trip: a position opened and closed. Money in account currency.
 *
 * @example
 * ```ts
 * for (const trip of system.roundTrips()) console.log(trip.strategy, trip.direction, trip.entry_price, trip.exit_price);
 * ```
 */
export interface RoundTrip {
  symbol: string;
  strategy: string;
  direction: Direction;
  size: number;
  entry_time: number;
  entry_price: number;
  exit_time: number;
  exit_price: number;
  /** Price PnL before commissions. */
  gross_pnl: number;
  /** Commission of both legs. */
  commission: number;
  /** gross_pnl - commission. */
  net_pnl: number;
  exit_reason: ExitReason | string;
}

/**
 * Account value after each base bar.
 *
 * @example
 * ```ts
 * const point: EquityPoint = { time: Date.now(), balance: 10_000, equity: 10_050, in_market: true };
 * ```
 */
export interface EquityPoint {
  time: number;
  balance: number;
  equity: number;
  /** Whether any position was open at this bar's close. */
  in_market: boolean;
}

/**
 * The statistics of a backtest (trades, win rate, returns, drawdown, ...), as in report.json.
 *
 * @example
 * ```ts
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
  annualized_return: number;
  max_drawdown: { fraction: number; amount: number; peak_time: string | null; trough_time: string | null };
  /** Mean over standard deviation of daily (UTC) equity returns, times sqrt(252); null with fewer than 2 days. */
  sharpe_ratio: number | null;
  sharpe_annualization: string;
  /** Gross profit of winners over gross loss of losers (net of commissions); null without losers. */
  profit_factor: number | null;
  /** Fraction of bars with a position open. */
  exposure: number;
  commissions_paid: number;
}

const cents = (value: number) => Math.round(value * 100) / 100;
const iso = (time: number) => new Date(time).toISOString();
const dayMs = 86_400_000;

/**
 * Computes the backtest summary from the round trips and the equity curve alone, so that anyone can
 * recompute it from `trades.csv` and `equity.csv`.
 *
 * @example
 * ```ts
 * const summary = summarizePerformance(trips, equityCurve, 10_000);
 * console.log(summary.win_rate, summary.max_drawdown.fraction);
 * ```
 */
export function summarizePerformance(
  trips: readonly RoundTrip[],
  equity: readonly EquityPoint[],
  initialEquity: number,
): PerformanceSummary {
  const first = equity[0];
  const last = equity[equity.length - 1];
  const startTime = first?.time ?? 0;
  const endTime = last?.time ?? startTime;
  const finalEquity = last?.equity ?? initialEquity;
  const days = Math.max((endTime - startTime) / dayMs, 0);

  let peak = initialEquity;
  let peakTime = startTime;
  let maxFraction = 0;
  let maxAmount = 0;
  let maxPeakTime: number | null = null;
  let troughTime: number | null = null;
  let barsInMarket = 0;
  const dailyClose = new Map<number, number>();
  for (const point of equity) {
    if (point.in_market) barsInMarket++;
    if (point.equity > peak) {
      peak = point.equity;
      peakTime = point.time;
    }
    const amount = peak - point.equity;
    const fraction = peak > 0 ? amount / peak : 0;
    if (fraction > maxFraction) {
      maxFraction = fraction;
      maxAmount = amount;
      maxPeakTime = peakTime;
      troughTime = point.time;
    }
    dailyClose.set(Math.floor(point.time / dayMs), point.equity);
  }

  const dailyReturns: number[] = [];
  let previous = initialEquity;
  for (const close of dailyClose.values()) {
    dailyReturns.push(previous > 0 ? close / previous - 1 : 0);
    previous = close;
  }
  let sharpe: number | null = null;
  if (dailyReturns.length >= 2) {
    const mean = dailyReturns.reduce((sum, r) => sum + r, 0) / dailyReturns.length;
    const variance = dailyReturns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (dailyReturns.length - 1);
    const deviation = Math.sqrt(variance);
    sharpe = deviation > 0 ? (mean / deviation) * Math.sqrt(252) : null;
  }

  const winners = trips.filter((trip) => trip.net_pnl > 0);
  const losers = trips.filter((trip) => trip.net_pnl <= 0);
  const grossProfit = winners.reduce((sum, trip) => sum + trip.net_pnl, 0);
  const grossLoss = -losers.reduce((sum, trip) => sum + trip.net_pnl, 0);
  const totalReturn = initialEquity > 0 ? finalEquity / initialEquity - 1 : 0;
  const years = days / 365.25;
  const annualized = years > 0 && finalEquity > 0 ? (finalEquity / initialEquity) ** (1 / years) - 1 : 0;

  return {
    period: { start: iso(startTime), end: iso(endTime), days: Math.round(days * 100) / 100 },
    bars: equity.length,
    trades: trips.length,
    winning_trades: winners.length,
    losing_trades: losers.length,
    win_rate: trips.length > 0 ? winners.length / trips.length : 0,
    initial_equity: cents(initialEquity),
    final_equity: cents(finalEquity),
    net_profit: cents(finalEquity - initialEquity),
    total_return: totalReturn,
    annualized_return: annualized,
    max_drawdown: {
      fraction: maxFraction,
      amount: cents(maxAmount),
      peak_time: maxPeakTime === null ? null : iso(maxPeakTime),
      trough_time: troughTime === null ? null : iso(troughTime),
    },
    sharpe_ratio: sharpe,
    sharpe_annualization: 'daily (UTC) equity returns, x sqrt(252), risk-free rate 0',
    profit_factor: grossLoss > 0 ? grossProfit / grossLoss : null,
    exposure: equity.length > 0 ? barsInMarket / equity.length : 0,
    commissions_paid: cents(trips.reduce((sum, trip) => sum + trip.commission, 0)),
  };
}
