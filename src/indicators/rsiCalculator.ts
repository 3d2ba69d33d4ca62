import { AverageGain, AverageLoss } from 'technicalindicators';
import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Wilder's RSI of the close. Average gain and loss come from `technicalindicators`' `AverageGain` /
 * `AverageLoss` (seeded with the simple average of the first `period` changes, then Wilder smoothing
 * `(previous × (period − 1) + current) / period`); the final `100 − 100 / (1 + gain / loss)` is computed
 * here because the library's `RSI` rounds it to 2 decimals. First value on candle `period + 1`.
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
  private readonly gain: AverageGain;
  private readonly loss: AverageLoss;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period + 1;
    this.gain = new AverageGain({ period, values: [] });
    this.loss = new AverageLoss({ period, values: [] });
  }

  update(candle: Candle, row: Record<string, number>): void {
    const gain = this.gain.nextValue(candle.close);
    const loss = this.loss.nextValue(candle.close);
    if (gain === undefined || loss === undefined) return;
    if (loss === 0) row[this.name] = gain === 0 ? 50 : 100;
    else row[this.name] = 100 - 100 / (1 + gain / loss);
  }
}
