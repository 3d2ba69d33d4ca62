import { describe, expect, it } from 'vitest';
import { DistinctCandles } from '../../../src/system/distinctCandles.js';

describe('DistinctCandles', () => {
  it('counts a candle of a symbol once, however often it comes again, and each symbol on its own', () => {
    const distinct = new DistinctCandles();
    expect(distinct.isNew('EURUSD', 60_000)).toBe(true);
    expect(distinct.isNew('EURUSD', 60_000)).toBe(false);
    expect(distinct.isNew('GBPUSD', 60_000)).toBe(true);
    // Back to the first symbol: its own last time counts, not the previous symbol's.
    expect(distinct.isNew('EURUSD', 30_000)).toBe(false);
    expect(distinct.isNew('EURUSD', 120_000)).toBe(true);
    expect(distinct.isNew('GBPUSD', 120_000)).toBe(true);
    expect(distinct.isNew('GBPUSD', 90_000)).toBe(false);
  });
});
