import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { describeBlockedPeriods } from '../../../src/execution/describeBlockedPeriods.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { IterableDataSource } from '../../../src/market/iterableDataSource.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';

const msftFile = new URL('../../fixtures/market/msft_2000_2001_daily.csv', import.meta.url).pathname;
const outDirectory = () => mkdtempSync(join(tmpdir(), 'tradestate-results-'));

function syntheticBars(count: number): Candle[] {
  const source = new SyntheticDataSource({ seed: 7, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
  return Array.from({ length: count }, () => source.next('EURUSD') as Candle);
}

const stocks: SystemConfigInput = {
  logging: { level: 'SILENT' },
  trading: {
    symbol: 'MSFT',
    timeframes: ['1440'],
    instruments: { MSFT: { asset_class: 'stock' } },
    initial_balance: 100_000,
    sizing: { mode: 'risk_percent', risk_percent: 1 },
    broker: { spread_pips: 2, slippage_pips: 1, commission_per_lot: 0.01 },
  },
  risk: { max_position_size: 5000, max_daily_loss: 5000, max_drawdown_percent: 25 },
  services: {
    strategy_evaluation: {
      strategies: [
        {
          name: 'ema_cross',
          type: 'ema_crossover',
          stop_loss_atr: 2,
          take_profit_atr: 4,
          max_holding_bars: 40,
        },
      ],
    },
  },
};

describe('results a trader can trust', () => {
  it('stamps trades and equity with the opening times of real bars, and fills entries at the next open', async () => {
    const source = await CsvDataSource.fromFile(msftFile, { symbol: 'MSFT' });
    const bars = new Map(source.candles.map((bar, index) => [bar.time, { bar, index }]));
    const result = await runBacktest(stocks, { dataSource: source, outDirectory: outDirectory() });
    expect(result.trips.length).toBeGreaterThan(3);
    for (const trip of result.trips) {
      // Both stamps are bar opening times (never a Saturday made of Friday's close) …
      expect(bars.has(trip.entry_time)).toBe(true);
      expect(bars.has(trip.exit_time)).toBe(true);
      expect(Number.isInteger(trip.size)).toBe(true);
      // … and the entry is that bar's open, moved against the trade by 1 cent (half the spread) plus a
      // seeded slippage of 0-2 cents, rounded to the cent tick.
      const open = bars.get(trip.entry_time)!.bar.open;
      const adverse = (trip.entry_price - open) * (trip.direction === 'long' ? 1 : -1);
      expect(adverse).toBeGreaterThanOrEqual(0.01 - 0.005 - 1e-9);
      expect(adverse).toBeLessThanOrEqual(0.03 + 0.005 + 1e-9);
      expect(Math.round(trip.entry_price * 100)).toBeCloseTo(trip.entry_price * 100, 6);
    }
    const equityTimes = result.equity.map((point) => point.time);
    expect(equityTimes).toEqual(source.candles.map((bar) => bar.time));
    const report = JSON.parse(readFileSync(result.files!.json, 'utf8'));
    expect(report.time_convention).toMatch(/opening time of the bar it happened in/);
    expect(report.blocked_periods).toEqual([]);
    expect(report.margin).toEqual({ margin_calls: 0, rejected_orders: 0, rejections: {} });
  });

  it('a drawdown halt appears in the summary with its limit and values, up to the end of the data', async () => {
    const bars = syntheticBars(3_000);
    const result = await runBacktest(
      { logging: { level: 'SILENT' }, risk: { max_drawdown_percent: 0.5 } },
      { dataSource: new IterableDataSource({ EURUSD: bars }), outDirectory: outDirectory() },
    );
    const halt = result.blocked_periods.find((period) => period.detail.startsWith('max_drawdown'));
    expect(halt).toMatchObject({ symbol: 'EURUSD', reason: 'risk_breach', until_end: true });
    expect(halt!.detail).toMatch(
      /^max_drawdown: \d+\.\d\d% >= limit 0\.5% on .*halted for the rest of the run/,
    );
    const lines = describeBlockedPeriods(result.blocked_periods, bars[0]!.time, bars.at(-1)!.time);
    expect(lines[0]).toMatch(/^Blocked periods {4}1, .* of .* \(\d+\.\d% of the span\)$/);
    expect(lines.some((line) => line.includes('to end of data') && line.includes('max_drawdown'))).toBe(true);
    const share = (bars.at(-1)!.time - Date.parse(halt!.start)) / (bars.at(-1)!.time - bars[0]!.time);
    expect(lines.some((line) => line.startsWith('Warning: new entries were blocked'))).toBe(share > 0.25);
    const report = JSON.parse(readFileSync(result.files!.json, 'utf8'));
    expect(report.blocked_periods).toEqual(result.blocked_periods);
    // No entry after the halt began.
    expect(result.trips.every((trip) => trip.entry_time < Date.parse(halt!.start))).toBe(true);
  });

  it('with on_max_drawdown resume, entries come back after the cool-off', async () => {
    const bars = syntheticBars(3_000);
    const result = await runBacktest(
      {
        logging: { level: 'SILENT' },
        risk: { max_drawdown_percent: 0.5, on_max_drawdown: 'resume', drawdown_cooloff_hours: 2 },
      },
      { dataSource: new IterableDataSource({ EURUSD: bars }) },
    );
    const blocks = result.blocked_periods.filter((period) => period.detail.startsWith('max_drawdown'));
    expect(blocks.length).toBeGreaterThan(0);
    const first = blocks[0]!;
    expect(first.until_end).toBe(false);
    expect(first.hours).toBeGreaterThanOrEqual(2);
    expect(result.trips.some((trip) => trip.entry_time > Date.parse(first.end))).toBe(true);
  });
});
