import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * One spec per indicator type, with the expected warm-up and columns; `early` columns appear before the
 * warm-up ends (ADX's +DI and −DI from candle period + 1, as in TA-Lib and TTR).
 */
const cases: { spec: IndicatorSpec; warmup: number; columns: string[]; early?: string[] }[] = [
  { spec: { name: 'ema', type: 'ema', period: 12 }, warmup: 12, columns: ['ema'] },
  { spec: { name: 'sma', type: 'sma', period: 50 }, warmup: 50, columns: ['sma'] },
  { spec: { name: 'rsi', type: 'rsi', period: 14 }, warmup: 15, columns: ['rsi'] },
  { spec: { name: 'atr', type: 'atr', period: 14 }, warmup: 15, columns: ['atr'] },
  {
    spec: { name: 'adx', type: 'adx', period: 14 },
    warmup: 28,
    columns: ['adx', 'adx_plus_di', 'adx_minus_di'],
    early: ['adx_plus_di', 'adx_minus_di'],
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

describe.each(cases)('indicator contract: $spec.type', ({ spec, warmup, columns, early = [] }) => {
  const candles = randomWalk(400, 7);

  it(`returns no value before candle ${warmup} and every column, finite, from it on`, () => {
    const processor = new IndicatorProcessor([spec]);
    expect(processor.warmupPeriod).toBe(warmup);
    expect(processor.columns).toEqual(columns);
    candles.forEach((candle, index) => {
      const values = processor.update(candle);
      if (index + 1 < warmup) {
        for (const key of Object.keys(values)) expect(early).toContain(key);
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

/** The MSFT daily bars and the values R's TTR computes on them (tests/fixtures/indicators/ttrReference.R). */
function ttrReference(): { candles: Candle[]; expected: Record<string, (number | undefined)[]> } {
  const here = dirname(fileURLToPath(import.meta.url));
  const fixtures = join(here, '../../fixtures');
  const market = readFileSync(join(fixtures, 'market/msft_2000_2001_daily.csv'), 'utf8').trim().split('\n');
  const candles = market.slice(1).map((line) => {
    const [timestamp, open, high, low, close, volume] = line.split(',');
    return {
      time: Date.parse(timestamp!),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
  });
  const lines = readFileSync(join(fixtures, 'indicators/ttrReference.csv'), 'utf8')
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('#'));
  const header = lines[0]!.split(',');
  const expected: Record<string, (number | undefined)[]> = {};
  for (const column of header.slice(1)) expected[column] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    header.slice(1).forEach((column, index) => {
      const cell = cells[index + 1];
      expected[column]!.push(cell === undefined || cell === '' ? undefined : Number(cell));
    });
  }
  return { candles, expected };
}

/** The configured indicators the reference covers, and which TTR column each output is compared with. */
const referenceSpecs: IndicatorSpec[] = [
  { name: 'sma', type: 'sma', period: 50 },
  { name: 'ema', type: 'ema', period: 12 },
  { name: 'rsi', type: 'rsi', period: 14 },
  { name: 'atr', type: 'atr', period: 14 },
  { name: 'adx', type: 'adx', period: 14 },
  { name: 'bb', type: 'bollinger', period: 20, std_dev: 2 },
  { name: 'macd', type: 'macd', fast_period: 12, slow_period: 26, signal_period: 9 },
];

describe('indicator contract: every indicator equals R TTR on real MSFT daily bars', () => {
  const { candles, expected } = ttrReference();
  const processor = new IndicatorProcessor(referenceSpecs);
  const rows = candles.map((candle) => processor.update(candle));

  // The MACD line is written with its signal line (one row, all three columns); TTR has it 8 bars earlier.
  const startsWith: Record<string, string> = { macd: 'macd_signal' };

  it.each(Object.keys(expected))(
    '%s appears on the bar TTR first has it and stays within 1e-9 relative of TTR',
    (column) => {
      const reference = expected[column]!;
      const start = expected[startsWith[column] ?? column]!.findIndex((value) => value !== undefined);
      expect(start).toBeGreaterThan(0);
      rows.forEach((row, index) => {
        const want = index < start ? undefined : reference[index];
        const got = row[column];
        if (want === undefined) {
          expect(got, `${column} on bar ${index + 1} before TTR has one`).toBeUndefined();
          return;
        }
        expect(got, `${column} on bar ${index + 1}`).toBeDefined();
        const relative = Math.abs(got! - want) / Math.max(Math.abs(want), 1e-12);
        expect(relative, `${column} on bar ${index + 1}: ${got} vs TTR ${want}`).toBeLessThan(1e-9);
      });
    },
  );
});
