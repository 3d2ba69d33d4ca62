import { describe, expect, it } from 'vitest';
import { EquityRecorder } from '../../../src/backtest/equityRecorder.js';
import {
  type EquityPoint,
  type RoundTrip,
  summarizePerformance,
} from '../../../src/backtest/performanceSummary.js';
import { tradeReturn } from '../../../src/backtest/tradeStatistics.js';

const day = 86_400_000;
const start = Date.parse('2025-01-06T00:00:00Z');
const iso = (time: number) => new Date(time).toISOString();

const curve = (values: number[]): EquityPoint[] =>
  values.map((value, index) => ({
    time: start + index * day,
    balance: value,
    equity: value,
    in_market: false,
  }));

function trip(
  direction: 'long' | 'short',
  entry: number,
  exit: number,
  netPnl: number,
  strategy: string,
  reason: string,
  days: number,
): RoundTrip {
  return {
    symbol: 'X',
    strategy,
    direction,
    size: 1,
    entry_time: start,
    entry_price: entry,
    exit_time: start + days * day,
    exit_price: exit,
    gross_pnl: netPnl + 1,
    commission: 1,
    net_pnl: netPnl,
    exit_reason: reason,
  };
}

// Returns +10%, -10%, -5%, +10%; net PnL 9, -6, -11, 7; 2, 1, 0.5 and 3 days in the market.
const trips = [
  trip('long', 100, 110, 9, 'ema', 'take_profit', 2),
  trip('short', 50, 55, -6, 'ema', 'stop_loss', 1),
  trip('long', 200, 190, -11, 'rsi', 'stop_loss', 0.5),
  trip('short', 40, 36, 7, 'rsi', 'take_profit', 3),
];

describe('backtest statistics', () => {
  it('summarises a recorder read in its own columns exactly as the same curve given as points', () => {
    const points = curve([110, 99, 99.5, 108.9, 104.25, 111, 90.01]).map((point, index) => ({
      ...point,
      time: point.time + (index % 3) * 3_600_000,
      in_market: index % 2 === 1,
    }));
    const recorder = new EquityRecorder();
    for (const point of points) recorder.push(point);
    expect(summarizePerformance(trips, recorder, 100)).toEqual(summarizePerformance(trips, points, 100));
    expect(summarizePerformance(trips, recorder, 100)).toEqual(
      summarizePerformance(trips, recorder.view(), 100),
    );
  });

  it('derives volatility and Sortino from daily returns +10%, -10%, 0, +10% annualised with 252 days', () => {
    // Initial 100, then 110, 99, 99, 108.9: daily returns 0.1, -0.1, 0, 0.1 (mean 0.025).
    const summary = summarizePerformance([], curve([110, 99, 99, 108.9]), 100);
    // Sample variance 0.0275 / 3; x 252 = 2.31.
    expect(summary.annualized_volatility).toBeCloseTo(Math.sqrt(2.31), 10);
    // Downside deviation sqrt(0.01 / 4) = 0.05; 0.025 / 0.05 = 0.5.
    expect(summary.sortino_ratio).toBeCloseTo(0.5 * Math.sqrt(252), 10);
    expect(summary.total_return).toBeCloseTo(0.089, 10);
    expect(summary.annualized_return).toBeCloseTo(1.089 ** (365.25 / 3) - 1, 6);
    expect(summary.calmar_ratio).toBeCloseTo(summary.annualized_return / 0.1, 6);
  });

  it('measures each drawdown period from its peak to the recovery, or to the end when unrecovered', () => {
    // Peak 10,500 on day 1, trough 9,450 (-10%), back above on day 5; new peak 11,000, then -5% to the end.
    const summary = summarizePerformance(
      [],
      curve([10_000, 10_500, 9_450, 10_200, 9_900, 11_000, 10_450]),
      10_000,
    );
    expect(summary.drawdown_periods).toBe(2);
    expect(summary.average_drawdown).toBeCloseTo((0.1 + 0.05) / 2, 10);
    expect(summary.max_drawdown_duration_days).toBe(4);
    expect(summary.average_drawdown_duration_days).toBe(2.5);
    expect(summary.max_drawdown.fraction).toBeCloseTo(0.1, 10);
    expect(summary.max_drawdown.peak_time).toBe(iso(start + day));
  });

  it('reports no drawdown, no Calmar and no Sortino for a curve that only rises', () => {
    const summary = summarizePerformance([], curve([100, 101, 102]), 100);
    expect(summary.drawdown_periods).toBe(0);
    expect(summary.average_drawdown).toBe(0);
    expect(summary.max_drawdown_duration_days).toBe(0);
    expect(summary.calmar_ratio).toBeNull();
    expect(summary.sortino_ratio).toBeNull();
  });

  it('signs a trade return by direction: a short from 40 to 36 gains 10%', () => {
    expect(tradeReturn(trips[3]!)).toBeCloseTo(0.1, 12);
    expect(tradeReturn(trips[1]!)).toBeCloseTo(-0.1, 12);
  });

  it('computes best, worst, average trade, durations, expectancy and SQN from four trades', () => {
    const summary = summarizePerformance(trips, curve([10_000, 9_999]), 10_000);
    expect(summary.best_trade).toBeCloseTo(0.1, 12);
    expect(summary.worst_trade).toBeCloseTo(-0.1, 12);
    expect(summary.average_trade).toBeCloseTo(0.0125, 12);
    expect(summary.max_trade_duration_days).toBe(3);
    expect(summary.average_trade_duration_days).toBe(1.625);
    expect(summary.expectancy).toBe(-0.25);
    // Deviations from -0.25: 9.25, -5.75, -10.75, 7.25; squares sum to 286.75.
    expect(summary.sqn).toBeCloseTo((2 * -0.25) / Math.sqrt(286.75 / 3), 10);
  });

  it('gives no SQN when every trade made the same (74 trades of -0.70 leave only float noise as deviation)', () => {
    const same = Array.from({ length: 74 }, () => trip('long', 1, 1, -0.7, 'a', 'stop_loss', 1));
    expect(summarizePerformance(same, curve([10_000, 9_948.2]), 10_000).sqn).toBeNull();
  });

  it('splits the trades by direction, strategy and exit reason', () => {
    const summary = summarizePerformance(trips, curve([10_000, 9_999]), 10_000);
    expect(summary.by_direction.long).toMatchObject({ trades: 2, winning_trades: 1, net_profit: -2 });
    expect(summary.by_direction.long.profit_factor).toBeCloseTo(9 / 11, 12);
    expect(summary.by_direction.short).toMatchObject({ trades: 2, net_profit: 1, expectancy: 0.5 });
    expect(Object.keys(summary.by_strategy)).toEqual(['ema', 'rsi']);
    expect(summary.by_strategy.ema).toMatchObject({ trades: 2, net_profit: 3, profit_factor: 1.5 });
    expect(summary.by_strategy.rsi?.net_profit).toBe(-4);
    expect(summary.by_exit_reason.take_profit).toMatchObject({ trades: 2, win_rate: 1, profit_factor: null });
    expect(summary.by_exit_reason.stop_loss).toMatchObject({ trades: 2, net_profit: -17, profit_factor: 0 });
  });

  it('takes buy and hold from the first and last close of the bars', () => {
    const candles = [{ close: 1.1 }, { close: 1.2 }, { close: 1.155 }];
    const summary = summarizePerformance([], curve([100, 100]), 100, { candles });
    expect(summary.buy_and_hold_return).toBeCloseTo(0.05, 12);
    expect(summarizePerformance([], curve([100, 100]), 100).buy_and_hold_return).toBeNull();
  });

  it('sums blocked periods inside the backtest span, an open one lasting to the end', () => {
    const blockedPeriods = [
      { start: iso(start + day), end: iso(start + 2 * day), reason: 'stale_data' },
      { start: start + 2.5 * day, end: null, reason: 'max_drawdown', detail: '20.3% >= 20%' },
    ];
    const summary = summarizePerformance([], curve([100, 100, 100, 100]), 100, { blockedPeriods });
    expect(summary.blocked).toEqual({ periods: 2, days: 1.5, fraction_of_period: 0.5 });
    expect(summarizePerformance([], curve([100]), 100).blocked).toBeNull();
  });
});

describe('annualisation of the daily figures by the days the market trades', () => {
  /** Daily equity from Monday 2025-01-06, one point a day on the given weekdays (0 Sunday .. 6 Saturday). */
  const weekdays = (count: number, open: readonly number[]) => {
    const points: EquityPoint[] = [];
    for (let index = 0; points.length < count; index++) {
      const time = start + index * day;
      if (!open.includes(new Date(time).getUTCDay())) continue;
      const value = 10_000 * (1 + 0.01 * Math.sin(points.length));
      points.push({ time, balance: value, equity: value, in_market: false });
    }
    return points;
  };

  it('takes 365 days a year for a market open every day (crypto): volatility and Sharpe scale by sqrt(365)', () => {
    const summary = summarizePerformance([], weekdays(60, [0, 1, 2, 3, 4, 5, 6]), 10_000);
    const stocks = summarizePerformance([], weekdays(60, [1, 2, 3, 4, 5]), 10_000);
    expect(summary.sharpe_annualization).toBe(
      'daily (UTC) equity returns, x sqrt(365) (the data trades every day of the week), risk-free rate 0',
    );
    // The same 60 daily returns, whatever the days they fell on: only the basis differs.
    expect(summary.annualized_volatility! / stocks.annualized_volatility!).toBeCloseTo(
      Math.sqrt(365 / 252),
      12,
    );
    expect(summary.sharpe_ratio! / stocks.sharpe_ratio!).toBeCloseTo(Math.sqrt(365 / 252), 12);
  });

  it('keeps 252 for stocks (Monday to Friday) and for FX, whose week opens on Sunday evening', () => {
    const basis = 'daily (UTC) equity returns, x sqrt(252), risk-free rate 0';
    expect(summarizePerformance([], weekdays(60, [1, 2, 3, 4, 5]), 10_000).sharpe_annualization).toBe(basis);
    expect(summarizePerformance([], weekdays(60, [0, 1, 2, 3, 4, 5]), 10_000).sharpe_annualization).toBe(
      basis,
    );
  });
});
