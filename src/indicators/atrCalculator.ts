import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Wilder's Average True Range, as TA-Lib (`ATR`) and R's TTR (`ATR`) compute it. True range is
 * `max(high, previous close) − min(low, previous close)`; the first candle has none (no previous close).
 * The first ATR is the simple average of the first `period` true ranges (candles 2 … period + 1), then
 * `(previous × (period − 1) + TR) / period`. First value on candle `period + 1`.
 *
 * @example
 * ```ts
 * const atr = new AtrCalculator('atr', 14);
 * const out = new Float64Array(1);
 * atr.update(candle, out, 0); // 1 (out[0] written) from the 15th candle on, 0 before
 * ```
 */
export class AtrCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private previousClose = Number.NaN;
  private count = 0;
  private sum = 0;
  private value = Number.NaN;

  constructor(
    readonly name: string,
    private readonly period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period + 1;
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    const previousClose = this.previousClose;
    this.previousClose = candle.close;
    if (Number.isNaN(previousClose)) return 0;
    const trueRange = Math.max(candle.high, previousClose) - Math.min(candle.low, previousClose);
    const { period } = this;
    this.count++;
    if (this.count < period) {
      this.sum += trueRange;
      return 0;
    }
    this.value =
      this.count === period
        ? (this.sum + trueRange) / period
        : (this.value * (period - 1) + trueRange) / period;
    out[offset] = this.value;
    return 1;
  }
}
