/**
 * `technicalindicators`' `EMA.nextValue` without its generator: the same operations in the same order, so
 * every value is bit-identical to the library's (the contract test compares them with `Object.is`), at a
 * fraction of the cost (a generator step and an iterator result object per value was most of an EMA's
 * price). Multiplier `2 / (period + 1)`; seeded with the library's `SMA` of the first `period` inputs,
 * summed as it sums them (`0 + v1 + … + v(period−1) − 0 + v(period)`, then divided). The library's quirk is
 * kept too: a seed that is falsy (0 or NaN) is not returned but smoothed once more with the same input.
 * Not honoured: the library's global `setConfig('precision', …)` rounding, which this project never sets.
 *
 * @example
 * ```ts
 * const ema = new ExponentialAverage(3);
 * [1, 2, 3, 4].map((value) => ema.next(value)); // [undefined, undefined, 2, 3]
 * ```
 */
export class ExponentialAverage {
  private readonly exponent: number;
  private count = 0;
  private sum = 0;
  private value = 0;

  constructor(private readonly period: number) {
    this.exponent = 2 / (period + 1);
  }

  /** Feeds one input; returns the average after it, undefined during the first `period − 1` inputs. */
  next(input: number): number | undefined {
    if (this.count >= this.period) {
      this.value = (input - this.value) * this.exponent + this.value;
      return this.value;
    }
    this.count++;
    if (this.count < this.period) {
      this.sum = this.sum + input;
      return undefined;
    }
    const seed = (this.sum - 0 + input) / this.period;
    this.value = seed ? seed : (input - seed) * this.exponent + seed;
    return this.value;
  }
}
