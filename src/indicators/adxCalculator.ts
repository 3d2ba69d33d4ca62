import { WEMA } from 'technicalindicators';
import type { Candle } from '../events/candle.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Wilder's Average Directional Index with its directional indicators, written as `<name>`,
 * `<name>_plus_di` and `<name>_minus_di`.
 *
 * From the second candle on: +DM = up move if it exceeds the down move and is positive, else 0 (−DM
 * mirrored); TR as in ATR. TR, +DM and −DM are Wilder-smoothed by `technicalindicators`' `WEMA` (simple
 * average of the first `period` values, then `(previous × (period − 1) + value) / period`); +DI and −DI
 * are `100 × smoothed DM / smoothed TR` (the ratio of Wilder's running sums, which are `period` times these
 * averages); DX = `100 × |+DI − −DI| / (+DI + −DI)`; ADX is DX smoothed by another `WEMA`. Same
 * arithmetic as the library's `ADX`; first value on candle `2 × period`, all three outputs together.
 *
 * Why not the library's `ADX` object: it divides 0 by 0 when a window has no directional movement (flat
 * or inside bars) and its smoothed ADX then stays NaN forever; here such a DX counts as 0 and a zero
 * true range gives DI 0.
 *
 * @example
 * ```ts
 * const adx = new AdxCalculator('adx', 14);
 * const row: Record<string, number> = {};
 * adx.update(candle, row); // from the 28th candle: row.adx, row.adx_plus_di, row.adx_minus_di
 * ```
 */
export class AdxCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly plusKey: string;
  private readonly minusKey: string;
  private readonly trueRange: WEMA;
  private readonly plusMovement: WEMA;
  private readonly minusMovement: WEMA;
  private readonly directional: WEMA;
  private previous: Candle | undefined;

  constructor(
    readonly name: string,
    period: number,
  ) {
    this.plusKey = `${name}_plus_di`;
    this.minusKey = `${name}_minus_di`;
    this.outputs = [name, this.plusKey, this.minusKey];
    this.warmupPeriod = 2 * period;
    this.trueRange = new WEMA({ period, values: [] });
    this.plusMovement = new WEMA({ period, values: [] });
    this.minusMovement = new WEMA({ period, values: [] });
    this.directional = new WEMA({ period, values: [] });
  }

  update(candle: Candle, row: Record<string, number>): void {
    const previous = this.previous;
    this.previous = candle;
    if (previous === undefined) return;
    const upMove = candle.high - previous.high;
    const downMove = previous.low - candle.low;
    const trueRange = Math.max(
      candle.high - candle.low,
      Math.abs(candle.high - previous.close),
      Math.abs(candle.low - previous.close),
    );
    const averageRange = this.trueRange.nextValue(trueRange);
    const plus = this.plusMovement.nextValue(upMove > downMove && upMove > 0 ? upMove : 0);
    const minus = this.minusMovement.nextValue(downMove > upMove && downMove > 0 ? downMove : 0);
    if (averageRange === undefined || plus === undefined || minus === undefined) return;
    const plusDi = averageRange > 0 ? (100 * plus) / averageRange : 0;
    const minusDi = averageRange > 0 ? (100 * minus) / averageRange : 0;
    const diSum = plusDi + minusDi;
    const dx = diSum > 0 ? (100 * Math.abs(plusDi - minusDi)) / diSum : 0;
    const adx = this.directional.nextValue(dx);
    if (adx === undefined) return;
    row[this.name] = adx;
    row[this.plusKey] = plusDi;
    row[this.minusKey] = minusDi;
  }
}
