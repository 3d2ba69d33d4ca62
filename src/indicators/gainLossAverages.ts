/**
 * `technicalindicators`' `AverageGain` and `AverageLoss` in one object and without their generators: the
 * same operations in the same order, so both averages are bit-identical to the library's (the contract
 * test compares them with `Object.is`). A change that is not positive (NaN included) counts as 0; the
 * first average is the sum of the first `period` changes divided by `period`, then Wilder smoothing
 * `(previous × (period − 1) + change) / period`. First averages after `period + 1` inputs.
 * Not honoured: the library's global `setConfig('precision', …)` rounding, which this project never sets.
 *
 * @example
 * ```ts
 * const averages = new GainLossAverages(2);
 * for (const close of [1, 2, 1.5]) averages.next(close); // true on the third
 * averages.gain; // 0.5: (1 + 0) / 2
 * averages.loss; // 0.25: (0 + 0.5) / 2
 * ```
 */
export class GainLossAverages {
  /** Average gain after the last input (meaningful once `next` returned true). */
  gain = 0;
  /** Average loss after the last input (meaningful once `next` returned true). */
  loss = 0;
  private inputs = 0;
  private counter = 1;
  private gainSum = 0;
  private lossSum = 0;
  private last = 0;

  constructor(private readonly period: number) {}

  /** Feeds one input; returns whether the averages have values (from input `period + 1` on). */
  next(input: number): boolean {
    const last = this.last;
    this.last = input;
    if (this.inputs < 1) {
      this.inputs = 1;
      return false;
    }
    let gain = input - last;
    // biome-ignore lint/complexity/useMathMinMax: Math.max keeps NaN; the library (and this) counts it as 0
    gain = gain > 0 ? gain : 0;
    let loss = last - input;
    // biome-ignore lint/complexity/useMathMinMax: as above, a NaN change is a loss of 0
    loss = loss > 0 ? loss : 0;
    const period = this.period;
    if (this.counter < period) {
      if (gain > 0) this.gainSum = this.gainSum + gain;
      if (loss > 0) this.lossSum = this.lossSum + loss;
      this.counter++;
      return false;
    }
    if (this.inputs < 2) {
      this.inputs = 2;
      if (gain > 0) this.gainSum = this.gainSum + gain;
      if (loss > 0) this.lossSum = this.lossSum + loss;
      this.gain = this.gainSum / period;
      this.loss = this.lossSum / period;
      return true;
    }
    this.gain = (this.gain * (period - 1) + gain) / period;
    this.loss = (this.loss * (period - 1) + loss) / period;
    return true;
  }
}
