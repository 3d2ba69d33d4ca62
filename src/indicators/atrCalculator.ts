import { WEMA } from 'technicalindicators';
import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Wilder's Average True Range. True range is `max(high − low, |high − previous close|, |low − previous
 * close|)`, and `high − low` on the first candle (no previous close), as in Wilder's worksheet, StockCharts
 * and Tulip Indicators. It is smoothed by `technicalindicators`' `WEMA` (simple average of the first
 * `period` true ranges, then `(previous × (period − 1) + TR) / period`). First value on candle `period`.
 *
 * Why not the library's `ATR`: it drops the first candle's range and starts one candle later, like TA-Lib;
 * the published examples this project is tested against count it.
 *
 * @example
 * ```ts
 * const atr = new AtrCalculator('atr', 14);
 * const row: Record<string, number> = {};
 * atr.update(candle, row); // row.atr appears on the 14th candle
 * ```
 */
export class AtrCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly average: WEMA;
  private previousClose = Number.NaN;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.outputs = [name];
    this.warmupPeriod = period;
    this.average = new WEMA({ period, values: [] });
  }

  update(candle: Candle, row: Record<string, number>): void {
    const range = candle.high - candle.low;
    const trueRange = Number.isNaN(this.previousClose)
      ? range
      : Math.max(
          range,
          Math.abs(candle.high - this.previousClose),
          Math.abs(candle.low - this.previousClose),
        );
    this.previousClose = candle.close;
    const value = this.average.nextValue(trueRange);
    if (value !== undefined) row[this.name] = value;
  }
}
