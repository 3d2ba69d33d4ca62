import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';
import { RollingStatistics } from './rollingStatistics.js';

/**
 * Bollinger Bands of the close: middle = simple average of the last `period` closes, upper/lower =
 * middle ± `stdDev` × population standard deviation (divides by `period`, as John Bollinger, StockCharts,
 * TA-Lib and `technicalindicators` do), plus `width` = (upper − lower) / middle (0 if middle is 0).
 * Written as `<name>_upper`, `<name>_middle`, `<name>_lower`, `<name>_width`; first values on candle
 * `period`.
 *
 * Why not the library's `BollingerBands`: its `nextValue` walks the whole window (O(period)) and was the
 * largest indicator cost; {@link RollingStatistics} gives the same numbers in O(1).
 *
 * @example
 * ```ts
 * const bands = new BollingerCalculator('bb', 20, 2);
 * const out = new Float64Array(4);
 * bands.update(candle, out, 0); // from the 20th candle: 0b1111 with upper, middle, lower, width in out
 * ```
 */
export class BollingerCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  private readonly statistics: RollingStatistics;

  constructor(
    readonly name: string,
    period: number,
    private readonly stdDev: number,
  ) {
    this.outputs = [`${name}_upper`, `${name}_middle`, `${name}_lower`, `${name}_width`];
    this.warmupPeriod = period;
    this.statistics = new RollingStatistics(period);
  }

  get retainedValues(): number {
    return this.statistics.size;
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    this.statistics.push(candle.close);
    if (!this.statistics.isFull) return 0;
    const middle = this.statistics.mean;
    const half = this.stdDev * Math.sqrt(this.statistics.variance);
    out[offset] = middle + half;
    out[offset + 1] = middle;
    out[offset + 2] = middle - half;
    out[offset + 3] = middle !== 0 ? (2 * half) / middle : 0;
    return 0b1111;
  }
}
