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
 * const row: Record<string, number> = {};
 * rsi.update(candle, row); // row.rsi appears on the 15th candle
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

  update(candle: Candle, row: Record<string, number>): void {
    const averages = this.averages;
    if (!averages.next(candle.close)) return;
    const { gain, loss } = averages;
    if (loss === 0) row[this.name] = gain === 0 ? 50 : 100;
    else row[this.name] = 100 - 100 / (1 + gain / loss);
  }
}
