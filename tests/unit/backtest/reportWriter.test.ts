import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizePerformance } from '../../../src/backtest/performanceSummary.js';
import { tradesCsv, writeBacktestReport } from '../../../src/backtest/reportWriter.js';

const start = Date.parse('2024-01-02T00:00:00Z');
const candles = [63.4375, 64.125, 62.5].map((close, index) => ({
  time: start + index * 86_400_000,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: 1_000,
}));
const equity = candles.map((bar) => ({ time: bar.time, balance: 1_000, equity: 1_000, in_market: false }));

function write(extra: { config?: unknown; tickSize?: string; blocked_periods?: never[] | object[] }) {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-report-'));
  const files = writeBacktestReport(directory, {
    summary: summarizePerformance([], equity, 1_000, { candles }),
    trips: [],
    equity,
    candles,
    symbol: 'MSFT',
    config: extra.config ?? {},
    data: { timeframe: '1440' },
    ...(extra.tickSize ? { tickSize: extra.tickSize } : {}),
    ...(extra.blocked_periods ? { blocked_periods: extra.blocked_periods as never } : {}),
  });
  return { json: JSON.parse(readFileSync(files.json, 'utf8')), html: readFileSync(files.html, 'utf8') };
}

describe('writeBacktestReport', () => {
  it('takes the price step from trading.instruments.<symbol>.tick_size, else from the bars', () => {
    const configured = write({ config: { trading: { instruments: { MSFT: { tick_size: 0.01 } } } } });
    expect(configured.html).toContain('"priceFormat":{"precision":2,"minMove":"0.01"}');
    expect(write({}).html).toContain('"priceFormat":{"precision":4,"minMove":"0.0001"}');
    expect(write({ tickSize: '0.0625' }).html).toContain('"priceFormat":{"precision":4,"minMove":"0.0625"}');
  });

  it('writes blocked_periods into report.json, an empty list when nothing was blocked', () => {
    const blocked = [
      { start: '2024-01-02T00:00:00Z', end: null, reason: 'max_drawdown', detail: '20.3% >= 20%' },
    ];
    expect(write({ blocked_periods: blocked }).json.blocked_periods).toEqual(blocked);
    expect(write({}).json.blocked_periods).toEqual([]);
  });

  it('puts every statistic in report.json, buy and hold included', () => {
    const { summary } = write({}).json;
    expect(summary.buy_and_hold_return).toBeCloseTo(62.5 / 63.4375 - 1, 12);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining([
        'sortino_ratio',
        'calmar_ratio',
        'sqn',
        'by_direction',
        'by_strategy',
        'by_exit_reason',
      ]),
    );
  });
});

describe('trades.csv of a coin worth a fraction of a cent', () => {
  it('writes its prices as plain decimals (0.00000012), not in exponent notation', () => {
    const trip = {
      symbol: 'PEPEUSDT',
      strategy: 'ema_cross',
      direction: 'long' as const,
      size: 1_000_000,
      entry_time: start,
      entry_price: 1.2e-7,
      exit_time: start + 3_600_000,
      exit_price: 1.35e-7,
      gross_pnl: 0.02,
      commission: 0,
      net_pnl: 0.02,
      exit_reason: 'take_profit',
    };
    const row = tradesCsv([trip]).split('\n')[1]!;
    expect(row.split(',').slice(6, 8)).toEqual(['0.00000012', '0.000000135']);
  });
});
