import { describe, expect, it } from 'vitest';
import { defaultIndicators, type IndicatorSpec } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { IndicatorConfigError } from '../../../src/indicators/indicatorConfigError.js';
import { IndicatorProcessor } from '../../../src/indicators/indicatorProcessor.js';
import { RollingStatistics } from '../../../src/indicators/rollingStatistics.js';
import { SeededRandom } from '../../../src/util/random.js';

const bar = (close: number): Candle => ({ time: 0, open: close, high: close, low: close, close, volume: 0 });

function expectConfigError(specs: IndicatorSpec[], indicator: string, message: RegExp): void {
  try {
    new IndicatorProcessor(specs);
  } catch (error) {
    expect(error).toBeInstanceOf(IndicatorConfigError);
    expect((error as IndicatorConfigError).indicator).toBe(indicator);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`"${indicator}"`);
    return;
  }
  throw new Error('expected an IndicatorConfigError');
}

describe('IndicatorProcessor', () => {
  it('writes the documented columns for the default indicators and needs 50 candles (the SMA 50; MACD needs 26 + 9 - 1 = 34)', () => {
    const processor = new IndicatorProcessor(defaultIndicators);
    expect(processor.warmupPeriod).toBe(50);
    expect(processor.columns).toEqual([
      'ema_fast',
      'ema_slow',
      'sma',
      'rsi',
      'atr',
      'adx',
      'adx_plus_di',
      'adx_minus_di',
      'bb_upper',
      'bb_middle',
      'bb_lower',
      'bb_width',
      'macd',
      'macd_signal',
      'macd_histogram',
    ]);
  });

  it('rejects an EMA without a period, naming the indicator', () => {
    expectConfigError([{ name: 'ema_fast', type: 'ema' }], 'ema_fast', /needs period/);
  });

  it('rejects a MACD whose fast period is not below its slow period, naming the indicator', () => {
    expectConfigError(
      [{ name: 'macd', type: 'macd', fast_period: 26, slow_period: 12, signal_period: 9 }],
      'macd',
      /fast_period \(26\) must be below slow_period \(12\)/,
    );
  });

  it('rejects a MACD without a signal period and a zero-width Bollinger band', () => {
    expectConfigError(
      [{ name: 'm', type: 'macd', fast_period: 2, slow_period: 5 }],
      'm',
      /needs signal_period/,
    );
    expectConfigError(
      [{ name: 'bb', type: 'bollinger', period: 20, std_dev: 0 }],
      'bb',
      /std_dev must be a positive/,
    );
  });

  it('rejects two indicators that would write the same column', () => {
    expectConfigError(
      [
        { name: 'bb_upper', type: 'sma', period: 5 },
        { name: 'bb', type: 'bollinger', period: 20 },
      ],
      'bb',
      /column "bb_upper" is already written by "bb_upper"/,
    );
  });

  it('defaults the Bollinger width to 2 standard deviations', () => {
    const processor = new IndicatorProcessor([{ name: 'bb', type: 'bollinger', period: 2 }]);
    processor.update(bar(1));
    const values = processor.update(bar(3)); // mean 2, population deviation 1
    expect(values).toMatchObject({ bb_upper: 4, bb_middle: 2, bb_lower: 0, bb_width: 2 });
  });

  it('gives RSI 50 on a flat market and 100 when there were only gains', () => {
    const flat = new IndicatorProcessor([{ name: 'rsi', type: 'rsi', period: 3 }]);
    let values: Record<string, number> = {};
    for (let index = 0; index < 5; index++) values = flat.update(bar(1.1));
    expect(values.rsi).toBe(50);
    const rising = new IndicatorProcessor([{ name: 'rsi', type: 'rsi', period: 3 }]);
    for (let index = 0; index < 5; index++) values = rising.update(bar(1 + index));
    expect(values.rsi).toBe(100);
  });

  it('reports warmth and candle count as candles arrive', () => {
    const processor = new IndicatorProcessor([{ name: 'sma', type: 'sma', period: 3 }]);
    processor.warmUp([bar(1), bar(2)]);
    expect(processor.isWarm).toBe(false);
    expect(processor.update(bar(3))).toEqual({ sma: 2 });
    expect(processor.isWarm).toBe(true);
    expect(processor.candleCount).toBe(3);
  });
});

describe('IndicatorProcessor rows', () => {
  const adx: IndicatorSpec[] = [
    { name: 'fast', type: 'ema', period: 2 },
    { name: 'adx', type: 'adx', period: 3 },
  ];
  const rising = (index: number): Candle => ({
    time: index * 60_000,
    open: 1 + index / 100,
    high: 1.01 + index / 100,
    low: 0.99 + index / 100,
    close: 1 + index / 100,
    volume: 1,
  });

  it('holds only the columns written while warming up (ADX: its ±DI first), every column in order once warm', () => {
    const processor = new IndicatorProcessor(adx);
    const keys = Array.from({ length: 7 }, (_, index) => Object.keys(processor.update(rising(index))));
    expect(keys[0]).toEqual([]);
    expect(keys[1]).toEqual(['fast']);
    expect(keys[3]).toEqual(['fast', 'adx_plus_di', 'adx_minus_di']);
    expect(keys[6]).toEqual(['fast', 'adx', 'adx_plus_di', 'adx_minus_di']);
    expect(processor.columns).toEqual(keys[6]);
  });

  it('gives each candle a row of its own, equal between two processors of the same indicators', () => {
    const first = new IndicatorProcessor(adx);
    const second = new IndicatorProcessor(adx);
    const rows = Array.from({ length: 8 }, (_, index) => first.update(rising(index)));
    const again = Array.from({ length: 8 }, (_, index) => second.update(rising(index)));
    expect(rows[7]).not.toBe(rows[6]);
    expect(rows[6]?.fast).not.toBe(rows[7]?.fast);
    expect(again).toStrictEqual(rows);
  });
});

describe('RollingStatistics', () => {
  it('keeps the rolling mean and variance of 1e6 EURUSD-like prices within 1e-15 of a two-pass computation', () => {
    const random = new SeededRandom(3);
    const period = 20;
    const stats = new RollingStatistics(period);
    const window: number[] = [];
    let price = 1.1;
    for (let index = 0; index < 1_000_000; index++) {
      price += random.normal() * 0.0001;
      stats.push(price);
      window.push(price);
      if (window.length > period) window.shift();
    }
    const mean = window.reduce((sum, value) => sum + value, 0) / period;
    const variance = window.reduce((sum, value) => sum + (value - mean) ** 2, 0) / period;
    expect(stats.size).toBe(period);
    expect(Math.abs(stats.mean - mean)).toBeLessThan(1e-13);
    expect(Math.abs(stats.variance - variance)).toBeLessThan(1e-15);
    expect(Math.abs(stats.variance - variance) / variance).toBeLessThan(1e-6);
  });

  it('rejects a period below 1', () => {
    expect(() => new RollingStatistics(0)).toThrow(RangeError);
  });
});
