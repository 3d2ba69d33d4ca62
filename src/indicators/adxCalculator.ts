import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/** Bits of `update`'s answer: the ±DI alone (outputs 1 and 2) while the ADX warms up, then all three. */
const DI_ONLY = 0b110;
const ALL_THREE = 0b111;

/**
 * Wilder's Average Directional Index with its directional indicators, written as `<name>`,
 * `<name>_plus_di` and `<name>_minus_di`, as TA-Lib (`ADX`, `PLUS_DI`, `MINUS_DI`) and R's TTR (`ADX`)
 * compute them.
 *
 * From the second candle on: +DM = up move if it exceeds the down move and is positive, else 0 (−DM
 * mirrored); TR = `max(high, previous close) − min(low, previous close)`. TR, +DM and −DM are summed the
 * Wilder way: the first sum (candle `period + 1`) is `(period − 1) / period ×` the sum of the first
 * `period − 1` values plus the `period`-th, then `sum × (period − 1) / period + value`. +DI and −DI are
 * `100 × DM sum / TR sum`, from candle `period + 1`; DX = `100 × |+DI − −DI| / (+DI + −DI)`; ADX is the
 * simple average of the first `period` DX, then Wilder-smoothed, from candle `2 × period`.
 *
 * Where the references divide 0 by 0 (no true range, or no directional movement in the window), DI and
 * DX are 0 here, so a flat stretch does not leave ADX undefined forever.
 *
 * @example
 * ```ts
 * const adx = new AdxCalculator('adx', 14);
 * const out = new Float64Array(3); // adx, adx_plus_di, adx_minus_di
 * adx.update(candle, out, 0); // 0b110 (the ±DI) from the 15th candle, 0b111 from the 28th
 * ```
 */
export class AdxCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private previous: Candle | undefined;
  private count = 0;
  private trueRangeSum = 0;
  private plusSum = 0;
  private minusSum = 0;
  private dxCount = 0;
  private dxSum = 0;
  private adx = Number.NaN;

  constructor(
    readonly name: string,
    private readonly period: number,
  ) {
    this.outputs = [name, `${name}_plus_di`, `${name}_minus_di`];
    this.warmupPeriod = 2 * period;
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    const previous = this.previous;
    this.previous = candle;
    if (previous === undefined) return 0;
    const upMove = candle.high - previous.high;
    const downMove = previous.low - candle.low;
    const trueRange = Math.max(candle.high, previous.close) - Math.min(candle.low, previous.close);
    const plus = upMove > downMove && upMove > 0 ? upMove : 0;
    const minus = downMove > upMove && downMove > 0 ? downMove : 0;
    const { period } = this;
    this.count++;
    if (this.count < period) {
      this.trueRangeSum += trueRange;
      this.plusSum += plus;
      this.minusSum += minus;
      return 0;
    }
    // Before the first output the sums hold period − 1 values; the same decay then applies at every step.
    const decay = (period - 1) / period;
    this.trueRangeSum = this.trueRangeSum * decay + trueRange;
    this.plusSum = this.plusSum * decay + plus;
    this.minusSum = this.minusSum * decay + minus;
    const plusDi = this.trueRangeSum > 0 ? (100 * this.plusSum) / this.trueRangeSum : 0;
    const minusDi = this.trueRangeSum > 0 ? (100 * this.minusSum) / this.trueRangeSum : 0;
    const diSum = plusDi + minusDi;
    const dx = diSum > 0 ? (100 * Math.abs(plusDi - minusDi)) / diSum : 0;
    this.dxCount++;
    out[offset + 1] = plusDi;
    out[offset + 2] = minusDi;
    if (this.dxCount < period) {
      this.dxSum += dx;
      return DI_ONLY;
    }
    this.adx = this.dxCount === period ? (this.dxSum + dx) / period : (this.adx * (period - 1) + dx) / period;
    out[offset] = this.adx;
    return ALL_THREE;
  }
}
