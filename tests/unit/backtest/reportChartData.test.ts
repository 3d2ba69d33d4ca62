import { describe, expect, it } from 'vitest';
import type { RoundTrip } from '../../../src/backtest/performanceSummary.js';
import { maxChartBars, reportChartData } from '../../../src/backtest/reportChartData.js';
import type { Candle } from '../../../src/events/candle.js';

const minute = 60_000;
const start = Date.parse('2024-01-01T00:00:00Z');
const bars = (count: number): Candle[] =>
  Array.from({ length: count }, (_, index) => ({
    time: start + index * minute,
    open: 100 + index,
    high: 101 + index,
    low: 99 + index,
    close: 100.5 + index,
    volume: 10,
  }));

describe('report chart data', () => {
  it('merges bars beyond the drawing limit, keeping first open, last close, extremes and summed volume', () => {
    const candles = bars(maxChartBars * 2 + 1);
    const data = reportChartData({ candles, trips: [], equity: [], initialEquity: 1_000 });
    expect(data.mergedBars).toBe(3);
    expect(data.candles[0]).toEqual({ time: start / 1000, open: 100, high: 103, low: 99, close: 102.5 });
    expect(data.volume[0]?.value).toBe(30);
  });

  it('puts equity on the drawn bars and keeps the deepest drawdown inside a merged bar', () => {
    const candles = bars(maxChartBars * 2);
    const equity = [1_000, 800, 900, 1_200].map((value, index) => ({
      time: start + index * minute,
      balance: value,
      equity: value,
      in_market: false,
    }));
    const data = reportChartData({ candles, trips: [], equity, initialEquity: 1_000 });
    // Bars 0-1 form the first drawn bar (last equity 800, depth 20%), bars 2-3 the second (last 1,200).
    expect(data.equity.slice(0, 2).map((point) => point.value)).toEqual([800, 1_200]);
    expect(data.drawdown[0]?.value).toBeCloseTo(-20, 10);
    expect(data.drawdown[1]?.value).toBeCloseTo(-10, 10);
  });

  it('scales buy and hold to the initial equity from the first close', () => {
    const data = reportChartData({ candles: bars(3), trips: [], equity: [], initialEquity: 1_000 });
    expect(data.buyAndHold.map((point) => point.value)).toEqual([
      1_000,
      (1_000 * 101.5) / 100.5,
      (1_000 * 102.5) / 100.5,
    ]);
  });

  it('shades the drawn bars that overlap a blocked period, an open one to the end', () => {
    const data = reportChartData({
      candles: bars(10),
      trips: [],
      equity: [],
      initialEquity: 1_000,
      blockedPeriods: [
        {
          start: new Date(start + 2 * minute).toISOString(),
          end: new Date(start + 4 * minute).toISOString(),
          reason: 'stale_data',
        },
        { start: start + 8 * minute + 30_000, end: null, reason: 'max_drawdown' },
      ],
    });
    expect(data.blocked.map((point) => (point.time * 1000 - start) / minute)).toEqual([2, 3, 8, 9]);
  });

  it('places each entry and exit marker on the drawn bar holding its time', () => {
    const trip: RoundTrip = {
      symbol: 'X',
      strategy: 'ema',
      direction: 'short',
      size: 1,
      entry_time: start + 2 * minute + 10_000,
      entry_price: 102,
      exit_time: start + 5 * minute,
      exit_price: 101,
      gross_pnl: 1,
      commission: 0,
      net_pnl: 1,
      exit_reason: 'take_profit',
    };
    const data = reportChartData({ candles: bars(10), trips: [trip], equity: [], initialEquity: 1_000 });
    expect(data.markers).toEqual([
      {
        time: (start + 2 * minute) / 1000,
        position: 'aboveBar',
        color: '#cf222e',
        shape: 'arrowDown',
        text: 'Sell ema',
      },
      {
        time: (start + 5 * minute) / 1000,
        position: 'belowBar',
        color: '#57606a',
        shape: 'circle',
        text: 'Exit take_profit 1.00',
      },
    ]);
  });

  it('draws no volume for bars without volume, and leaves bars without an equity point out of the equity line', () => {
    const candles = bars(4).map((bar) => ({ ...bar, volume: 0 }));
    const equity = [0, 3].map((index) => ({
      time: start + index * minute,
      balance: 1_000 + index,
      equity: 1_000 + index,
      in_market: false,
    }));
    const data = reportChartData({ candles, trips: [], equity, initialEquity: 1_000 });
    expect(data.volume).toEqual([]);
    expect(data.equity).toEqual([
      { time: start / 1000, value: 1_000 },
      { time: (start + 3 * minute) / 1000, value: 1_003 },
    ]);
    expect(data.drawdown.map((point) => point.value)).toEqual([0, 0]);
  });

  it('draws no series from a run without bars, and puts markers at their own times', () => {
    const trip: RoundTrip = {
      symbol: 'X',
      strategy: 'ema',
      direction: 'long',
      size: 1,
      entry_time: start,
      entry_price: 100,
      exit_time: start + minute,
      exit_price: 101,
      gross_pnl: 1,
      commission: 0,
      net_pnl: 1,
      exit_reason: 'signal',
    };
    const equity = [{ time: start, balance: 1_000, equity: 1_000, in_market: false }];
    const data = reportChartData({ candles: [], trips: [trip], equity, initialEquity: 1_000 });
    expect([data.candles, data.volume, data.equity, data.buyAndHold]).toEqual([[], [], [], []]);
    expect(data.markers.map((marker) => marker.time)).toEqual([start / 1000, (start + minute) / 1000]);
  });
});
