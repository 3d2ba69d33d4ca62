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
 * const out = new Float64Array(3);
 * macd.update(candle, out, 0); // from the 34th candle: 0b111 with macd, signal, histogram in out
 * ```
 */
export class MacdCalculator implements IndicatorCalculator {
  readonly outputs: readonly string[];
  readonly warmupPeriod: number;
  readonly retainedValues = 0;
  private readonly fast: ExponentialAverage;
  private readonly slow: ExponentialAverage;
  private readonly signal: ExponentialAverage;

  constructor(
    readonly name: string,
    fastPeriod: number,
    slowPeriod: number,
    signalPeriod: number,
  ) {
    this.outputs = [name, `${name}_signal`, `${name}_histogram`];
    this.warmupPeriod = slowPeriod + signalPeriod - 1;
    this.fast = new ExponentialAverage(fastPeriod);
    this.slow = new ExponentialAverage(slowPeriod);
    this.signal = new ExponentialAverage(signalPeriod);
  }

  update(candle: Candle, out: Float64Array, offset: number): number {
    const fast = this.fast.next(candle.close);
    const slow = this.slow.next(candle.close);
    if (fast === undefined || slow === undefined) return 0;
    const macd = fast - slow;
    const signal = this.signal.next(macd);
    if (signal === undefined) return 0;
    out[offset] = macd;
    out[offset + 1] = signal;
    out[offset + 2] = macd - signal;
    return 0b111;
  }
}
