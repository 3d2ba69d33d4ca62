import { describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { priceScaleWarnings } from '../../../src/instruments/priceScaleWarnings.js';
import { decimalsOf, PriceRange } from '../../../src/market/priceRange.js';

describe('PriceRange', () => {
  it('keeps the lowest low, the highest high and the bar count without keeping bars', () => {
    const range = new PriceRange();
    range.add({ low: 2, high: 3 });
    range.add({ low: 1.5, high: 2.5 });
    range.add({ low: 2.2, high: 4 });
    expect([range.low, range.high, range.bars]).toEqual([1.5, 4, 3]);
  });

  it('counts the decimals of prices JavaScript writes with an exponent (1.2e-7 has 8)', () => {
    expect(decimalsOf(1.2e-7)).toBe(8);
    expect(decimalsOf(0.00001234)).toBe(8);
    expect(decimalsOf(63.4375)).toBe(4);
    expect(decimalsOf(101234)).toBe(0);
    expect(decimalsOf(0.1 + 0.2)).toBe(12);
  });

  it('reads the decimals of open and close too, not only of the low', () => {
    expect(PriceRange.of([{ open: 1.23456, high: 1.24, low: 1.2, close: 1.21 }]).decimals).toBe(5);
  });
});

describe('priceScaleWarnings on a coin worth a fraction of a cent', () => {
  it('shows the range in significant digits (not 0.00–0.00) and names pip_size', () => {
    const trading = SystemConfigSchema.parse({}).trading;
    const [warning] = priceScaleWarnings(
      'SHIB',
      PriceRange.of([{ low: 0.00000452, high: 0.00001346 }]),
      trading,
    );
    expect(warning).toBe(
      'SHIB trades at 0.00000452–0.00001346 but its pip is 0.0001: set trading.instruments.SHIB.pip_size (and tick_size) to the price increment of the data.',
    );
  });
});

describe('PriceRange.splitLike', () => {
  const day = 86_400_000;
  const bar = (index: number, open: number, close: number) => ({
    time: Date.UTC(2021, 9, 8) + index * day,
    open,
    high: Math.max(open, close) * 1.01,
    low: Math.min(open, close) * 0.99,
    close,
  });

  it('finds a gap by a 4:1 ratio between one close and the next open, oldest first or newest first', () => {
    const bars = [bar(0, 240.2, 242.5), bar(1, 243.2, 242.18), bar(2, 60.35, 58.5), bar(3, 59, 58.7)];
    const expected = { time: bars[2]!.time, from: 242.18, to: 60.35, ratio: '4:1' };
    expect(PriceRange.of(bars).splitLike).toEqual(expected);
    expect(PriceRange.of([...bars].reverse()).splitLike).toEqual(expected);
  });

  it('names a reverse split 1:10', () => {
    expect(PriceRange.of([bar(0, 0.51, 0.5), bar(1, 5.02, 5.1)]).splitLike?.ratio).toBe('1:10');
  });

  it('finds nothing in ordinary gaps, a fall of a third included', () => {
    expect(PriceRange.of([bar(0, 100, 101), bar(1, 96, 97), bar(2, 65, 66), bar(3, 70, 71)]).splitLike).toBe(
      undefined,
    );
  });
});
