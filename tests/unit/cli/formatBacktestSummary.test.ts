import { describe, expect, it } from 'vitest';
import { type RoundTrip, summarizePerformance } from '../../../src/backtest/performanceSummary.js';
import { formatBacktestSummary } from '../../../src/cli/formatBacktestSummary.js';

const day = 86_400_000;
const start = Date.parse('2025-01-06T00:00:00Z');
const trip = (strategy: string, direction: 'long' | 'short', netPnl: number, reason: string): RoundTrip => ({
  symbol: 'MSFT',
  strategy,
  direction,
  size: 10,
  entry_time: start,
  entry_price: 100,
  exit_time: start + day,
  exit_price: 100 + netPnl / 10,
  gross_pnl: netPnl,
  commission: 0,
  net_pnl: netPnl,
  exit_reason: reason,
});

describe('formatBacktestSummary', () => {
  const trips = [trip('ema_cross', 'long', 50, 'take_profit'), trip('rsi_dip', 'short', -20, 'stop_loss')];
  const equity = [10_000, 10_050, 10_030].map((value, index) => ({
    time: start + index * day,
    balance: value,
    equity: value,
    in_market: false,
  }));
  const text = formatBacktestSummary(
    summarizePerformance(trips, equity, 10_000, { candles: [{ close: 100 }, { close: 110 }] }),
  );

  it('prints returns, drawdown and trade figures side by side within 100 columns', () => {
    expect(text).toMatch(/Buy and hold\s+10\.00%/);
    expect(text).toMatch(/Total return\s+0\.30%/);
    // sqrt(2) x mean 15 / sample deviation sqrt(2 x 35²) = 0.43.
    expect(text).toMatch(/SQN\s+0\.43/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('gives each strategy and each exit reason its own row with its own net PnL', () => {
    expect(text).toMatch(/^strategy ema_cross\s+1\s+100\.00%\s+50\.00/m);
    expect(text).toMatch(/^strategy rsi_dip\s+1\s+0\.00%\s+-20\.00/m);
    expect(text).toMatch(/^exit stop_loss\s+1/m);
    expect(text).toMatch(/^short\s+1\s+0\.00%\s+-20\.00/m);
  });

  it('leaves the per-group table out when there were no trades', () => {
    const empty = formatBacktestSummary(summarizePerformance([], equity, 10_000));
    expect(empty).not.toContain('strategy ');
    expect(empty).toMatch(/Buy and hold\s+n\/a/);
  });
});
