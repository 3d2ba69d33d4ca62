import type { Candle } from '../events/candle.js';
import { ExponentialAverage } from './exponentialAverage.js';
import type { IndicatorCalculator } from './indicatorCalculator.js';

/**
 * Appel's MACD of the close: MACD = EMA(fast) − EMA(slow), signal = EMA(signal) of MACD, histogram =
 * MACD − signal, with three `technicalindicators` `EMA`s (computed, bit-identical, by
 * {@link ExponentialAverage}), each seeded with the simple average of its first `period` inputs. Written
 * as `<name>`, `<name>_signal`, `<name>_histogram`, all three from candle `slow + signal − 1`. Same numbers as the library's `MACD` with `SimpleMAOscillator: false` and
 * `SimpleMASignal: false` (its default is simple averages, not Appel's).
 *
 * Why not the library's `MACD` object: it reports a signal of exactly 0 as "no signal" (`signal ? … :
 * undefined`), so a flat market would make the columns disappear after warm-up.
 *
 * @example
 * ```ts
 * const macd = new MacdCalculator('macd', 12, 26, 9);
 * const row: Record<string, number> = {};
 * macd.update(candle, row); // from the 34th candle: macd, macd_signal, macd_histogram
 * ```
 */
export class MacdCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly fast: ExponentialAverage;
  private readonly slow: ExponentialAverage;
  private readonly signal: ExponentialAverage;
  private readonly signalKey: string;
  private readonly histogramKey: string;

  constructor(
    readonly name: string,
    fastPeriod: number,
    slowPeriod: number,
    signalPeriod: number,
  ) {
    this.signalKey = `${name}_signal`;
    this.histogramKey = `${name}_histogram`;
    this.outputs = [name, this.signalKey, this.histogramKey];
    this.warmupPeriod = slowPeriod + signalPeriod - 1;
    this.fast = new ExponentialAverage(fastPeriod);
    this.slow = new ExponentialAverage(slowPeriod);
    this.signal = new ExponentialAverage(signalPeriod);
  }

  update(candle: Candle, row: Record<string, number>): void {
    const fast = this.fast.next(candle.close);
    const slow = this.slow.next(candle.close);
    if (fast === undefined || slow === undefined) return;
    const macd = fast - slow;
    const signal = this.signal.next(macd);
    if (signal === undefined) return;
    row[this.name] = macd;
    row[this.signalKey] = signal;
    row[this.histogramKey] = macd - signal;
  }
}
