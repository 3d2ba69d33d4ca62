import { describe, expect, it } from 'vitest';
import type { IndicatorSpec } from '../../../src/config/systemConfig.js';
import type { Candle } from '../../../src/events/candle.js';
import { IndicatorProcessor } from '../../../src/indicators/indicatorProcessor.js';
import { SeededRandom } from '../../../src/util/random.js';

/** A seeded random walk around 1.10 (EURUSD-like), with high >= close/open >= low. */
function randomWalk(count: number, seed: number): Candle[] {
  const random = new SeededRandom(seed);
  const candles: Candle[] = [];
  let close = 1.1;
  for (let index = 0; index < count; index++) {
    const open = close;
    close = Math.max(0.5, open + random.normal() * 0.0005);
    const high = Math.max(open, close) + random.next() * 0.0003;
    const low = Math.min(open, close) - random.next() * 0.0003;
    candles.push({ time: index * 60_000, open, high, low, close, volume: 100 });
  }
  return candles;
}

/** One spec per indicator type, with the expected warm-up and columns. */
const cases: { spec: IndicatorSpec; warmup: number; columns: string[] }[] = [
  { spec: { name: 'ema', type: 'ema', period: 12 }, warmup: 12, columns: ['ema'] },
  { spec: { name: 'sma', type: 'sma', period: 50 }, warmup: 50, columns: ['sma'] },
  { spec: { name: 'rsi', type: 'rsi', period: 14 }, warmup: 15, columns: ['rsi'] },
  { spec: { name: 'atr', type: 'atr', period: 14 }, warmup: 14, columns: ['atr'] },
  {
    spec: { name: 'adx', type: 'adx', period: 14 },
    warmup: 28,
    columns: ['adx', 'adx_plus_di', 'adx_minus_di'],
  },
  {
    spec: { name: 'bb', type: 'bollinger', period: 20, std_dev: 2 },
    warmup: 20,
    columns: ['bb_upper', 'bb_middle', 'bb_lower', 'bb_width'],
  },
  {
    spec: { name: 'macd', type: 'macd', fast_period: 12, slow_period: 26, signal_period: 9 },
    warmup: 34,
    columns: ['macd', 'macd_signal', 'macd_histogram'],
  },
];

describe.each(cases)('indicator contract: $spec.type', ({ spec, warmup, columns }) => {
  const candles = randomWalk(400, 7);

  it(`returns no value before candle ${warmup} and every column, finite, from it on`, () => {
    const processor = new IndicatorProcessor([spec]);
    expect(processor.warmupPeriod).toBe(warmup);
    expect(processor.columns).toEqual(columns);
    candles.forEach((candle, index) => {
      const values = processor.update(candle);
      if (index + 1 < warmup) {
        expect(values).toEqual({});
      } else {
        expect(Object.keys(values)).toEqual(columns);
        for (const value of Object.values(values)) expect(Number.isFinite(value)).toBe(true);
      }
    });
  });

  it('gives the same values after warmUp(history) as after updating one candle at a time', () => {
    const oneByOne = new IndicatorProcessor([spec]);
    for (const candle of candles.slice(0, 300)) oneByOne.update(candle);
    const warmed = new IndicatorProcessor([spec]);
    warmed.warmUp(candles.slice(0, 300));
    expect(warmed.candleCount).toBe(300);
    for (const candle of candles.slice(300)) expect(warmed.update(candle)).toEqual(oneByOne.update(candle));
  });

  it('keeps its own buffers bounded over 100k candles and stays finite on flat candles', () => {
    const processor = new IndicatorProcessor([spec]);
    processor.warmUp(randomWalk(1_000, 11));
    const retainedAfterWarmUp = processor.retainedValues;
    processor.warmUp(randomWalk(100_000, 12));
    expect(processor.retainedValues).toBe(retainedAfterWarmUp);
    expect(processor.retainedValues).toBeLessThanOrEqual(50);
    const flat: Candle = { time: 0, open: 1.1, high: 1.1, low: 1.1, close: 1.1, volume: 0 };
    let values: Record<string, number> = {};
    for (let index = 0; index < 200; index++) values = processor.update(flat);
    expect(Object.keys(values)).toEqual(columns);
    for (const value of Object.values(values)) expect(Number.isFinite(value)).toBe(true);
  });
});
