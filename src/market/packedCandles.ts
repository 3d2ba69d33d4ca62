import type { Candle } from '../events/candle.js';

/**
 * Numbers a packed candle takes, in this order: time, open, high, low, close, volume. A double holds each
 * exactly, so a candle read back equals the one packed.
 */
export const packedCandleFields = 6;

/**
 * Candles as rows of {@link packedCandleFields} doubles in a `Float64Array`: a compact form for many
 * candles (48 bytes each instead of an object each), read back into a fresh candle object when needed.
 *
 * @example
 * ```ts
 * const values = new Float64Array(10 * packedCandleFields);
 * PackedCandles.write(values, 0, { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
 * PackedCandles.read(values, 0); // { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }
 * ```
 */
export const PackedCandles = {
  /** Writes `candle` at row `row` of `values`. */
  write(values: Float64Array, row: number, candle: Candle): void {
    const at = row * packedCandleFields;
    values[at] = candle.time;
    values[at + 1] = candle.open;
    values[at + 2] = candle.high;
    values[at + 3] = candle.low;
    values[at + 4] = candle.close;
    values[at + 5] = candle.volume;
  },

  /** The candle at row `row` of `values`, as a new object. */
  read(values: Float64Array, row: number): Candle {
    const at = row * packedCandleFields;
    return {
      time: values[at]!,
      open: values[at + 1]!,
      high: values[at + 2]!,
      low: values[at + 3]!,
      close: values[at + 4]!,
      volume: values[at + 5]!,
    };
  },
};
