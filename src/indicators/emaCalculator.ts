import type { Candle } from '../events/candle.js';
import { ExponentialAverage } from './exponentialAverage.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Exponential moving average of the close, bit-identical to `technicalindicators`' `EMA.nextValue`
 * (computed by {@link ExponentialAverage} without the library's generator): multiplier
 * `2 / (period + 1)`, seeded with the simple average of the first `period` closes (first value on candle
 * `period`).
 *
 * @example
 * ```ts
 * const ema = new EmaCalculator('ema_fast', 3);
 * const out = new Float64Array(1);
 * for (const close of [1, 2, 3, 4]) ema.update({ ...candle, close }, out, 0);
 * out[0]; // 3: seed (1+2+3)/3 = 2, then 2 + (4 - 2) * 0.5
 * ```
 */
export class EmaCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly ema: ExponentialAverage;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period;
    this.ema = new ExponentialAverage(period);
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    const value = this.ema.next(candle.close);
    if (value === undefined) return 0;
    out[offset] = value;
    return 1;
  }
}
