import type { Candle } from '../events/candle.js';

/**
 * One configured indicator, fed candle by candle. Implementations keep O(1) state per candle (fixed-size
 * buffers and running values), so a long replay never slows down or grows memory.
 *
 * @example
 * ```ts
 * const calculator: IndicatorCalculator = new EmaCalculator('ema_fast', 12);
 * const row: Record<string, number> = {};
 * calculator.update(candle, row); // row.ema_fast is set once 12 candles were seen
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
  /** Feeds one closed candle and writes the outputs into `row` once warm; writes nothing before. */
  update(candle: Candle, row: Record<string, number>): void;
}
