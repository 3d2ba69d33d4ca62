import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/runBacktest.js';
import type { SystemConfigInput } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { ConversionSeriesError } from '../../../src/instruments/conversionSeries.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';

const directory = mkdtempSync(join(tmpdir(), 'tradestate-cross-'));

/** A bar file of `bars`; prices scaled by `scale` (a seeded synthetic walk around 1.1 becomes another pair). */
function barFile(name: string, bars: readonly Candle[], scale: number): string {
  const path = join(directory, name);
  const price = (value: number) => (value * scale).toFixed(5);
  const rows = bars.map(
    (bar) =>
      `${new Date(bar.time).toISOString()},${price(bar.open)},${price(bar.high)},${price(bar.low)},${price(bar.close)},${bar.volume}`,
  );
  writeFileSync(path, ['timestamp,open,high,low,close,volume', ...rows].join('\n'));
  return path;
}

function walk(seed: number, count: number): Candle[] {
  const source = new SyntheticDataSource({ seed, start: '2025-01-06T00:00:00Z', baseTimeframeMinutes: 1 });
  return Array.from({ length: count }, () => source.next('EURUSD') as Candle);
}

const eurgbpBars = walk(7, 1500);
const eurgbp = barFile('eurgbp.csv', eurgbpBars, 0.78);
const gbpusdBars = walk(11, 1500);
const gbpusd = barFile('gbpusd.csv', gbpusdBars, 1.15);

/** EMA crossover entering on limits 0.3 ATR better than the close, GBP/USD from `series`. */
const limitEma = {
  name: 'ema_cross',
  type: 'ema_crossover',
  stop_loss_atr: 2,
  take_profit_atr: 3,
  entry_limit_atr: 0.3,
};
const config = (series: string): SystemConfigInput => ({
  logging: { level: 'SILENT' },
  trading: { symbol: 'EURGBP', account_currency: 'USD', conversion_series: { 'GBP/USD': series } },
  services: { strategy_evaluation: { strategies: [limitEma] } },
});

describe('a cross-currency backtest (EURGBP in a USD account, GBP/USD from a file)', () => {
  it('books every trade at the GBPUSD close of its exit, with limit entries filled at their limits', async () => {
    const source = await CsvDataSource.fromFile(eurgbp, { symbol: 'EURGBP' });
    const result = await runBacktest(config(gbpusd), { dataSource: source, outDirectory: directory });
    const series = (await CsvDataSource.fromFile(gbpusd, { symbol: 'GBPUSD' })).candles;
    const rateAt = (time: number) => series.findLast((bar) => bar.time <= time)!.close;
    expect(result.trips.length).toBeGreaterThan(3);
    const opens = new Map(source.candles.map((bar) => [bar.time, bar.open]));
    for (const trip of result.trips) {
      // A limit entry never pays more than its bar's open (a market entry pays the open plus the spread).
      const open = opens.get(trip.entry_time)!;
      if (trip.direction === 'long') expect(trip.entry_price).toBeLessThanOrEqual(open);
      else expect(trip.entry_price).toBeGreaterThanOrEqual(open);
      const sign = trip.direction === 'long' ? 1 : -1;
      const pounds = (trip.exit_price - trip.entry_price) * trip.size * 100_000 * sign;
      expect(trip.gross_pnl).toBeCloseTo(pounds * rateAt(trip.exit_time), 1);
    }
  }, 60_000);

  it('a series starting after the data stops the backtest before it runs, naming the setting', async () => {
    const late = barFile('gbpusd_late.csv', gbpusdBars.slice(100), 1.15);
    const source = await CsvDataSource.fromFile(eurgbp, { symbol: 'EURGBP' });
    const run = runBacktest(config(late), { dataSource: source, outDirectory: directory });
    await expect(run).rejects.toThrow(ConversionSeriesError);
    await expect(runBacktest(config(late), { dataSource: source, outDirectory: directory })).rejects.toThrow(
      /trading.conversion_series."GBP\/USD".*starts at/,
    );
  });
});
