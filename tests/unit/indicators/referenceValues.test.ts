import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { IndicatorProcessor } from '../../../src/indicators/indicatorProcessor.js';
import { stockchartsAdx14, stockchartsAdxCandles } from '../../fixtures/indicators/stockchartsAdx.js';
import { stockchartsRsi14, stockchartsRsiCloses } from '../../fixtures/indicators/stockchartsRsi.js';
import { tulipAtr5, tulipBollinger5, tulipCandles } from '../../fixtures/indicators/tulipExample.js';

const bar = (close: number, high = close, low = close, time = 0): Candle => ({
  time,
  open: close,
  high,
  low,
  close,
  volume: 0,
});

/** Feeds the candles and returns the given column per candle (undefined while warming up). */
function column(
  processor: IndicatorProcessor,
  candles: readonly Candle[],
  key: string,
): (number | undefined)[] {
  return candles.map((candle) => processor.update(candle)[key]);
}

describe('indicators against published reference values', () => {
  it('matches every 14-period RSI of StockCharts cs-rsi to 2 decimals, from candle 15', () => {
    const processor = new IndicatorProcessor([{ name: 'rsi', type: 'rsi', period: 14 }]);
    const values = column(
      processor,
      stockchartsRsiCloses.map((close) => bar(close)),
      'rsi',
    );
    expect(values.slice(0, 14)).toEqual(new Array(14).fill(undefined));
    expect(values.slice(14).map((value) => value?.toFixed(2))).toEqual(
      stockchartsRsi14.map((value) => value.toFixed(2)),
    );
  });

  it('differs from Tulip Indicators ATR(5) only by the first candle range Tulip counts (TA-Lib and TTR do not)', () => {
    const processor = new IndicatorProcessor([{ name: 'atr', type: 'atr', period: 5 }]);
    const candles = tulipCandles.map((c) => bar(c.close, c.high, c.low));
    const values = column(processor, candles, 'atr');
    // No true range without a previous close: the first ATR averages the true ranges of candles 2-6.
    expect(values.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Tulip's ATR on candle 5 averages candles 1-5; ours on candle 6 swaps candle 1's range for candle 6's.
    const range = (index: number) => {
      const candle = candles[index]!;
      const previous = candles[index - 1]!.close;
      return Math.max(candle.high, previous) - Math.min(candle.low, previous);
    };
    const first = candles[0]!;
    expect(values[5]).toBeCloseTo(tulipAtr5[0]! + (range(5) - (first.high - first.low)) / 5, 2);
    // Later values: both are Wilder's recursion, so the seed's difference shrinks by 4/5 per candle.
    const gap = Math.abs(values[5]! - tulipAtr5[1]!);
    expect(Math.abs(values.at(-1)! - tulipAtr5.at(-1)!)).toBeLessThan(gap);
  });

  it('matches Tulip Indicators Bollinger Bands(5, 2) and its middle band equals SMA(5)', () => {
    const processor = new IndicatorProcessor([
      { name: 'bb', type: 'bollinger', period: 5, std_dev: 2 },
      { name: 'sma', type: 'sma', period: 5 },
    ]);
    const rows = tulipCandles.map((c) => processor.update(bar(c.close, c.high, c.low)));
    const fixed = (key: string) => rows.slice(4).map((row) => row[key]?.toFixed(2));
    expect(rows.slice(0, 4).every((row) => Object.keys(row).length === 0)).toBe(true);
    expect(fixed('bb_lower')).toEqual(tulipBollinger5.lower.map((value) => value.toFixed(2)));
    expect(fixed('bb_middle')).toEqual(tulipBollinger5.middle.map((value) => value.toFixed(2)));
    expect(fixed('bb_upper')).toEqual(tulipBollinger5.upper.map((value) => value.toFixed(2)));
    expect(fixed('sma')).toEqual(tulipBollinger5.middle.map((value) => value.toFixed(2)));
    for (const row of rows.slice(4)) {
      const { bb_upper: upper = 0, bb_lower: lower = 0, bb_middle: middle = 1 } = row;
      expect(row.bb_width).toBeCloseTo((upper - lower) / middle, 12);
    }
  });

  // The sheet seeds Wilder's sums with the plain sum of the first 14 values; TA-Lib and TTR, which the
  // contract test holds these indicators to within 1e-9, seed with 13 values × 13/14 plus the 14th. On
  // this short sheet the two stay up to 0.65 apart (it was 0.15 when the sheet's seeding was followed).
  it('stays within 0.65 of StockCharts cs-adx ADX(14) from candle 28 (the sheet seeds its sums differently)', () => {
    const { high, low, close } = stockchartsAdxCandles;
    const processor = new IndicatorProcessor([{ name: 'adx', type: 'adx', period: 14 }]);
    const rows = close.map((value, index) => processor.update(bar(value, high[index], low[index])));
    expect(rows.slice(0, 27).every((row) => row.adx === undefined)).toBe(true);
    const adx = rows.slice(27).map((row) => row.adx as number);
    expect(adx).toHaveLength(stockchartsAdx14.length);
    const deviations = adx.map((value, index) => Math.abs(value - (stockchartsAdx14[index] as number)));
    expect(Math.max(...deviations)).toBeLessThan(0.65);
  });

  it('computes +DI and -DI by hand for a two-candle window (period 1: no smoothing)', () => {
    // Candle 2: up move 2, down move -1 -> +DM 2, -DM 0; TR = max(3, |12-9|, |9-9|) = 3; +DI = 200/3, -DI = 0.
    const processor = new IndicatorProcessor([{ name: 'adx', type: 'adx', period: 1 }]);
    processor.update(bar(9, 10, 8));
    const second = processor.update(bar(11, 12, 9));
    expect(second.adx_plus_di).toBeCloseTo(200 / 3, 12);
    expect(second.adx_minus_di).toBe(0);
    expect(second.adx).toBeCloseTo(100, 12);
  });

  it('seeds the EMA with the simple average and then applies 2/(period+1) (hand-computed, period 3)', () => {
    // Seed (1+2+4)/3 = 7/3; then EMA = EMA + (close - EMA) / 2: 31/6, 127/12.
    const processor = new IndicatorProcessor([{ name: 'ema', type: 'ema', period: 3 }]);
    const values = column(
      processor,
      [1, 2, 4, 8, 16].map((close) => bar(close)),
      'ema',
    );
    expect(values.slice(0, 2)).toEqual([undefined, undefined]);
    expect(values[2]).toBeCloseTo(7 / 3, 12);
    expect(values[3]).toBeCloseTo(31 / 6, 12);
    expect(values[4]).toBeCloseTo(127 / 12, 12);
  });

  it('computes MACD(1, 3, 2) with EMA oscillator and EMA signal as by hand', () => {
    // Fast EMA(1) = close; slow EMA(3) = 7/3, 31/6, 127/12 on candles 3..5 -> MACD 5/3, 17/6, 65/12.
    // Signal EMA(2) seeded with (5/3 + 17/6)/2 = 9/4 on candle 4, then 9/4 + (65/12 - 9/4) * 2/3 = 157/36.
    const processor = new IndicatorProcessor([
      { name: 'macd', type: 'macd', fast_period: 1, slow_period: 3, signal_period: 2 },
    ]);
    expect(processor.warmupPeriod).toBe(4);
    const rows = [1, 2, 4, 8, 16].map((close) => processor.update(bar(close)));
    expect(rows.slice(0, 3).every((row) => Object.keys(row).length === 0)).toBe(true);
    expect(rows[3]?.macd).toBeCloseTo(17 / 6, 12);
    expect(rows[3]?.macd_signal).toBeCloseTo(9 / 4, 12);
    expect(rows[3]?.macd_histogram).toBeCloseTo(7 / 12, 12);
    expect(rows[4]?.macd).toBeCloseTo(65 / 12, 12);
    expect(rows[4]?.macd_signal).toBeCloseTo(157 / 36, 12);
    expect(rows[4]?.macd_histogram).toBeCloseTo(19 / 18, 12);
  });
});
