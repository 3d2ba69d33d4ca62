import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';
import { RollingStatistics } from './rollingStatistics.js';

/**
 * Simple moving average of the close over `period` candles (first value on candle `period`), kept by
 * {@link RollingStatistics}: a fixed ring buffer, O(1) per candle, periodically recomputed exactly.
 *
 * Why not the library's `SMA`: it allocates a linked-list node per candle (about 3x the cost of this, and
 * garbage on the hot path) and never corrects its running sum; the numbers are the same.
 *
 * @example
 * ```ts
 * const sma = new SmaCalculator('sma', 3);
 * const out = new Float64Array(1);
 * for (const close of [1, 2, 3, 4]) sma.update({ ...candle, close }, out, 0);
 * out[0]; // 3
 * ```
 */
export class SmaCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  private readonly statistics: RollingStatistics;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period;
    this.statistics = new RollingStatistics(period);
  }

  get retainedValues(): number {
    return this.statistics.size;
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    this.statistics.push(candle.close);
    if (!this.statistics.isFull) return 0;
    out[offset] = this.statistics.mean;
    return 1;
  }
}
