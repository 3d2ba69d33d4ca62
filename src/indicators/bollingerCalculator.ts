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
 * const row: Record<string, number> = {};
 * bands.update(candle, row); // from the 20th candle: bb_upper, bb_middle, bb_lower, bb_width
 * ```
 */
export class BollingerCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  private readonly statistics: RollingStatistics;
  private readonly upperKey: string;
  private readonly middleKey: string;
  private readonly lowerKey: string;
  private readonly widthKey: string;

  constructor(
    readonly name: string,
    period: number,
    private readonly stdDev: number,
  ) {
    this.upperKey = `${name}_upper`;
    this.middleKey = `${name}_middle`;
    this.lowerKey = `${name}_lower`;
    this.widthKey = `${name}_width`;
    this.outputs = [this.upperKey, this.middleKey, this.lowerKey, this.widthKey];
    this.warmupPeriod = period;
    this.statistics = new RollingStatistics(period);
  }

  get retainedValues(): number {
    return this.statistics.size;
  }

  update(candle: Candle, row: Record<string, number>): void {
    this.statistics.push(candle.close);
    if (!this.statistics.isFull) return;
    const middle = this.statistics.mean;
    const offset = this.stdDev * Math.sqrt(this.statistics.variance);
    row[this.upperKey] = middle + offset;
    row[this.middleKey] = middle;
    row[this.lowerKey] = middle - offset;
    row[this.widthKey] = middle !== 0 ? (2 * offset) / middle : 0;
  }
}
