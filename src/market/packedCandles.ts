import type { Candle } from '../events/candle.js';

/** Numbers stored per candle, in this order: time, open, high, low, close, volume. */
export const packedCandleFields = 6;

/**
 * Writes `candle` as the `index`-th candle of `values` (six numbers from `index * 6`). Kept as numbers, candles
 * cost no object per bar and nothing for the garbage collector to trace or promote.
 *
 * @example
 * ```ts
 * const values = new Float64Array(10 * packedCandleFields);
 * writePackedCandle(values, 0, bar);
 * readPackedCandle(values, 0); // a copy of bar's six fields
 * ```
 */
export function writePackedCandle(values: Float64Array, index: number, candle: Candle): void {
  const at = index * packedCandleFields;
  values[at] = candle.time;
  values[at + 1] = candle.open;
  values[at + 2] = candle.high;
  values[at + 3] = candle.low;
  values[at + 4] = candle.close;
  values[at + 5] = candle.volume;
}

/**
 * The `index`-th candle of `values` as a new object (always the same six keys in the same order, so every
 * candle read this way shares one hidden class).
 *
 * @example
 * ```ts
 * const candle = readPackedCandle(values, 3);
 * ```
 */
export function readPackedCandle(values: Float64Array, index: number): Candle {
  const at = index * packedCandleFields;
  return {
    time: values[at]!,
    open: values[at + 1]!,
    high: values[at + 2]!,
    low: values[at + 3]!,
    close: values[at + 4]!,
    volume: values[at + 5]!,
  };
}
