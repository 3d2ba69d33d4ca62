import { describe, expect, it } from 'vitest';
import { PackedCandles, packedCandleFields } from '../../../src/market/packedCandles.js';

describe('PackedCandles', () => {
  it('reads back at each row exactly the candle written there', () => {
    const candles = [
      { time: Date.UTC(2025, 0, 6), open: 1.10321, high: 1.10355, low: 1.1029, close: 1.10301, volume: 0 },
      { time: Date.UTC(2025, 0, 6, 0, 1), open: 0.1 + 0.2, high: 1e300, low: 5e-324, close: 1, volume: 12.5 },
    ];
    const values = new Float64Array(candles.length * packedCandleFields);
    for (const [row, candle] of candles.entries()) PackedCandles.write(values, row, candle);
    expect(candles.map((_, row) => PackedCandles.read(values, row))).toEqual(candles);
  });
});
