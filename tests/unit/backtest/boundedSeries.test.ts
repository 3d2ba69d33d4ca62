import { describe, expect, it } from 'vitest';
import { ChartBars } from '../../../src/backtest/chartBars.js';
import { EquityRecorder } from '../../../src/backtest/equityRecorder.js';
import type { EquityPoint } from '../../../src/backtest/performanceSummary.js';
import type { Candle } from '../../../src/events/candle.js';

const bar = (index: number): Candle => ({
  time: index * 60_000,
  open: 100 + index,
  high: 101 + index + (index % 3),
  low: 99 + index - (index % 5),
  close: 100.5 + index,
  volume: 10 + index,
});

describe('ChartBars', () => {
  it('keeps every bar, unchanged, up to its capacity', () => {
    const chart = new ChartBars(8);
    const bars = Array.from({ length: 8 }, (_, index) => bar(index));
    for (const each of bars) chart.add(each);
    expect(chart.bars).toEqual(bars);
  });

  it('beyond its capacity merges neighbours in pairs: first open, last close, extremes, summed volume', () => {
    const chart = new ChartBars(4);
    const bars = Array.from({ length: 9 }, (_, index) => bar(index));
    for (const each of bars) chart.add(each);
    // 9 bars into 4 slots: groups of 4 (factor 4 after two halvings), then the ninth alone.
    expect(chart.bars.map((each) => each.time)).toEqual([0, 4 * 60_000, 8 * 60_000]);
    const first = chart.bars[0]!;
    const group = bars.slice(0, 4);
    expect(first).toEqual({
      time: 0,
      open: group[0]!.open,
      high: Math.max(...group.map((each) => each.high)),
      low: Math.min(...group.map((each) => each.low)),
      close: group[3]!.close,
      volume: group.reduce((sum, each) => sum + each.volume, 0),
    });
    // The source's bars are never changed.
    expect(bars[0]).toEqual(bar(0));
  });

  it('holds at most its capacity over a million bars', () => {
    const chart = new ChartBars(10_000);
    for (let index = 0; index < 1_000_000; index++) chart.add(bar(index));
    expect(chart.bars.length).toBeLessThanOrEqual(10_000);
    expect(chart.bars.length).toBeGreaterThanOrEqual(5_000);
    expect(chart.bars.at(-1)!.close).toBe(bar(999_999).close);
  });
});

describe('EquityRecorder', () => {
  it('gives back every point in order across chunk boundaries, and replaces the last', () => {
    const curve = new EquityRecorder();
    for (let index = 0; index < 70_000; index++)
      curve.push({ time: index, balance: 1000 + index, equity: 1000.5 + index, in_market: index % 2 === 0 });
    expect(curve.length).toBe(70_000);
    expect(curve.at(65_536)).toEqual({ time: 65_536, balance: 66_536, equity: 66_536.5, in_market: true });
    curve.replaceLast({ time: 69_999, balance: 1, equity: 2, in_market: false });
    const points = curve.toArray();
    expect(points).toHaveLength(70_000);
    expect(points[69_999]).toEqual({ time: 69_999, balance: 1, equity: 2, in_market: false });
    expect([...curve.range(69_998)].map((point) => point.time)).toEqual([69_998, 69_999]);
  });
});

describe('runBacktest over more bars than the report draws', () => {
  it('returns a sample of the equity curve, keeps every point in curve and writes all of them to equity.csv', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runBacktest } = await import('../../../src/backtest/runBacktest.js');
    const { equityCsv } = await import('../../../src/backtest/reportWriter.js');
    const { LimitedSyntheticSource } = await import('../../../bench/syntheticCsv.js');
    const directory = mkdtempSync(join(tmpdir(), 'tradestate-bounded-'));
    try {
      const result = await runBacktest(
        { logging: { level: 'SILENT' } },
        { dataSource: new LimitedSyntheticSource(24_000), outDirectory: directory },
      );
      expect(result.curve.length).toBe(24_000);
      expect(result.summary.bars).toBe(24_000);
      expect(result.equity.length).toBeLessThanOrEqual(20_001);
      expect(result.equity.at(-1)).toEqual(result.curve.at(23_999));
      expect(readFileSync(join(directory, 'equity.csv'), 'utf8')).toBe(equityCsv(result.curve.toArray()));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('EquityRecorder.view', () => {
  it('reads like the array of its points (length, index, iteration, array methods) and refuses writes', () => {
    const curve = new EquityRecorder();
    for (let index = 0; index < 5; index++)
      curve.push({ time: index, balance: 100 + index, equity: 100.5 + index, in_market: index % 2 === 1 });
    const view = curve.view();
    const points = curve.toArray();
    expect(view.length).toBe(5);
    expect(view[4]).toEqual(points[4]);
    expect(view[5]).toBeUndefined();
    expect([...view]).toEqual(points);
    expect(view.map((point) => point.equity)).toEqual(points.map((point) => point.equity));
    expect(view.slice(-2)).toEqual(points.slice(-2));
    expect(JSON.stringify(view)).toBe(JSON.stringify(points));
    expect(() => {
      (view as EquityPoint[])[0] = points[1]!;
    }).toThrow(TypeError);
  });
});

describe('ChartBars first and last', () => {
  it('are the first and last bars read, unmerged', () => {
    const chart = new ChartBars(4);
    for (let index = 0; index < 9; index++) chart.add(bar(index));
    expect(chart.first).toEqual(bar(0));
    expect(chart.last).toEqual(bar(8));
  });
});
