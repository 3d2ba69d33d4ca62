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
 * const row: Record<string, number> = {};
 * for (const close of [1, 2, 3, 4]) sma.update({ ...candle, close }, row);
 * row.sma; // 3
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

  update(candle: Candle, row: Record<string, number>): void {
    this.statistics.push(candle.close);
    if (this.statistics.isFull) row[this.name] = this.statistics.mean;
  }
}
