/**
 * Mean and population variance of the last `period` values in O(1) per value.
 *
 * Why not running sums of x and x²: with prices near 1.1 and a variance near 1e-8 the difference
 * E[x²] - E[x]² cancels most significant digits. This uses the sliding-window form of Welford's update
 * (mean and sum of squared deviations `m2` are updated by the value entering and the value leaving),
 * and every `recomputeEvery` window updates it recomputes both exactly from the buffer so rounding
 * errors cannot accumulate over millions of candles (O(period) every `recomputeEvery` values: still O(1)
 * amortized). Memory is one `Float64Array(period)`, fixed at construction.
 *
 * @example
 * ```ts
 * const stats = new RollingStatistics(3);
 * for (const price of [1, 2, 3, 4]) stats.push(price);
 * stats.mean; // 3 (of 2, 3, 4)
 * stats.variance; // 2/3 (population)
 * ```
 */
export class RollingStatistics {
  private readonly buffer: Float64Array;
  private next = 0;
  private filled = 0;
  private currentMean = 0;
  private m2 = 0;
  private updatesSinceRecompute = 0;

  constructor(
    readonly period: number,
    private readonly recomputeEvery = 1024,
  ) {
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`period must be a positive integer, got ${period}`);
    this.buffer = new Float64Array(period);
  }

  /** Adds a value; once `period` values are held, the oldest one leaves the window. */
  push(value: number): void {
    if (this.filled < this.period) {
      this.filled++;
      const delta = value - this.currentMean;
      this.currentMean += delta / this.filled;
      this.m2 += delta * (value - this.currentMean);
    } else {
      const leaving = this.buffer[this.next] as number;
      const oldMean = this.currentMean;
      this.currentMean = oldMean + (value - leaving) / this.period;
      this.m2 += (value - leaving) * (value - this.currentMean + leaving - oldMean);
      this.updatesSinceRecompute++;
    }
    this.buffer[this.next] = value;
    this.next = this.next + 1 === this.period ? 0 : this.next + 1;
    if (this.updatesSinceRecompute >= this.recomputeEvery) this.recompute();
  }

  /** Exact two-pass recomputation from the buffer; resets accumulated rounding error. */
  private recompute(): void {
    let sum = 0;
    for (let index = 0; index < this.period; index++) sum += this.buffer[index] as number;
    const mean = sum / this.period;
    let squares = 0;
    for (let index = 0; index < this.period; index++) {
      const deviation = (this.buffer[index] as number) - mean;
      squares += deviation * deviation;
    }
    this.currentMean = mean;
    this.m2 = squares;
    this.updatesSinceRecompute = 0;
  }

  /** True once `period` values have been pushed. */
  get isFull(): boolean {
    return this.filled === this.period;
  }

  /** Values currently held (at most `period`): the whole memory of this object. */
  get size(): number {
    return this.filled;
  }

  /** Mean of the values held. */
  get mean(): number {
    return this.currentMean;
  }

  /** Population variance (divides by the count) of the values held; never negative. */
  get variance(): number {
    return this.filled === 0 ? 0 : Math.max(0, this.m2 / this.filled);
  }
}
