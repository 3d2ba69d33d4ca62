import type { Candle } from '../events/candle.js';

/**
 * One configured indicator, fed candle by candle. Implementations keep O(1) state per candle (fixed-size
 * buffers and running values), so a long replay never slows down or grows memory.
 *
 * @example
 * ```ts
 * const calculator: IndicatorCalculator = new EmaCalculator('ema_fast', 12);
 * const out = new Float64Array(calculator.outputs.length);
 * if (calculator.update(candle, out, 0) & 1) console.log(out[0]); // the EMA, once 12 candles were seen
 * ```
 */
export interface IndicatorCalculator {
  /** The spec `name`. */
  readonly name: string;
  /** Column names written to the row: `name` for single-output indicators, `<name>_<output>` otherwise. */
  readonly outputs: readonly string[];
  /** Candles needed before the outputs are written (all outputs appear on the same candle). */
  readonly warmupPeriod: number;
  /**
   * Values held in this calculator's own buffers. The `technicalindicators` objects it wraps keep fixed
   * state by design (a ring of `period` values for SMA, a previous value for EMA/WEMA).
   */
  readonly retainedValues: number;
  /**
   * Feeds one closed candle and writes its outputs at `out[offset]`, `out[offset + 1]`, ... in the order of
   * `outputs`; returns which it wrote, as bits (bit k: `outputs[k]`): all of them once warm, none before
   * (ADX writes its ±DI before the ADX itself). Numbers in an array, not keys of a row: the processor builds
   * the row once per candle (see `IndicatorProcessor`).
   */
  update(candle: Candle, out: Float64Array, offset: number): number;
}
