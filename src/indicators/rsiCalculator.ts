import type { Candle } from '../events/candle.js';
import { GainLossAverages } from './gainLossAverages.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Wilder's RSI of the close. Average gain and loss are `technicalindicators`' `AverageGain` /
 * `AverageLoss` (computed, bit-identical, by {@link GainLossAverages}): seeded with the simple average
 * of the first `period` changes, then Wilder smoothing `(previous × (period − 1) + current) / period`.
 * The final `100 − 100 / (1 + gain / loss)` is computed here because the library's `RSI` rounds it to
 * 2 decimals. First value on candle `period + 1`.
 * Average loss 0 gives 100, average gain 0 gives 0, both 0 (a flat market) gives 50.
 *
 * @example
 * ```ts
 * const rsi = new RsiCalculator('rsi', 14);
 * const out = new Float64Array(1);
 * rsi.update(candle, out, 0); // 1 (out[0] written) from the 15th candle on, 0 before
 * ```
 */
export class RsiCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly averages: GainLossAverages;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period + 1;
    this.averages = new GainLossAverages(period);
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    const averages = this.averages;
    if (!averages.next(candle.close)) return 0;
    const { gain, loss } = averages;
    if (loss === 0) out[offset] = gain === 0 ? 50 : 100;
    else out[offset] = 100 - 100 / (1 + gain / loss);
    return 1;
  }
}
