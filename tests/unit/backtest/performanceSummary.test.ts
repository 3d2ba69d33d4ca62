import { describe, expect, it } from 'vitest';
import {
  type EquityPoint,
  type RoundTrip,
  summarizePerformance,
} from '../../../src/backtest/performanceSummary.js';

const day = 86_400_000;
const start = Date.parse('2025-01-06T00:00:00Z');

function trip(netPnl: number, commission = 1): RoundTrip {
  return {
    symbol: 'EURUSD',
    strategy: 's',
    direction: 'long',
    size: 0.1,
    entry_time: start,
    entry_price: 1.1,
    exit_time: start + day,
    exit_price: 1.1,
    gross_pnl: netPnl + commission,
    commission,
    net_pnl: netPnl,
    exit_reason: 'take_profit',
  };
}

describe('summarizePerformance', () => {
  it('computes win rate, profit factor and commissions from the round trips alone', () => {
    const trips = [trip(30), trip(-10), trip(20), trip(-5)];
    const equity: EquityPoint[] = [{ time: start, balance: 10_035, equity: 10_035, in_market: false }];
    const summary = summarizePerformance(trips, equity, 10_000);
    expect(summary.trades).toBe(4);
    expect(summary.win_rate).toBe(0.5);
    expect(summary.profit_factor).toBeCloseTo(50 / 15, 10);
    expect(summary.commissions_paid).toBe(4);
  });

  it('finds the deepest drawdown with its peak and trough dates', () => {
    const values = [10_000, 10_500, 9_450, 10_200, 9_900, 11_000];
    const equity = values.map((value, index) => ({
      time: start + index * day,
      balance: value,
      equity: value,
      in_market: index % 2 === 0,
    }));
    const summary = summarizePerformance([], equity, 10_000);
    expect(summary.max_drawdown.amount).toBe(1050);
    expect(summary.max_drawdown.fraction).toBeCloseTo(0.1, 10);
    expect(summary.max_drawdown.peak_time).toBe(new Date(start + day).toISOString());
    expect(summary.max_drawdown.trough_time).toBe(new Date(start + 2 * day).toISOString());
    expect(summary.exposure).toBe(0.5);
    expect(summary.total_return).toBeCloseTo(0.1, 10);
  });

  it('annualizes the Sharpe ratio of daily returns with sqrt(252)', () => {
    const values = [10_000, 10_100, 10_000, 10_200];
    const equity = values.map((value, index) => ({
      time: start + index * day,
      balance: value,
      equity: value,
      in_market: true,
    }));
    const summary = summarizePerformance([], equity, 10_000);
    const returns = [0, 0.01, 10_000 / 10_100 - 1, 0.02];
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1));
    expect(summary.sharpe_ratio).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
  });

  it('reports no Sharpe ratio and no profit factor when there is too little to measure', () => {
    const summary = summarizePerformance(
      [trip(5)],
      [{ time: start, balance: 1, equity: 1, in_market: false }],
      1,
    );
    expect(summary.sharpe_ratio).toBeNull();
    expect(summary.profit_factor).toBeNull();
  });
});
