import type { Candle } from '../events/candle.js';

/**
 * A run's bars for the report's chart in bounded memory: every bar is kept until `capacity` is reached,
 * then neighbouring bars are merged in pairs (open of the first, close of the last, highest high, lowest
 * low, summed volume; time of the first), so a run of any length holds between `capacity / 2` and
 * `capacity` bars. The merging is the chart's own (the report draws at most 5,000 bars), so a run of up
 * to `capacity` bars gives exactly the bars it read.
 *
 * @example
 * ```ts
 * const chart = new ChartBars(10_000);
 * for (const bar of candles) chart.add(bar);
 * writeBacktestReport(out, { ...report, candles: chart.bars });
 * ```
 */
export class ChartBars {
  private readonly kept: Candle[] = [];
  /** Bars merged into each kept bar (a power of two). */
  private factor = 1;
  /** Bars merged into the last kept bar so far. */
  private filled = 0;

  constructor(readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0)
      throw new RangeError(`capacity must be an even integer >= 2, got ${capacity}`);
  }

  /** The first and the last bar added, as they were read (never merged): e.g. a buy-and-hold return. */
  first: Candle | undefined;
  last: Candle | undefined;

  /** The bars to draw, oldest first. */
  get bars(): readonly Candle[] {
    return this.kept;
  }

  add(bar: Candle): void {
    this.first ??= bar;
    this.last = bar;
    if (this.filled > 0 && this.filled < this.factor) {
      mergeInto(this.kept[this.kept.length - 1]!, bar);
      this.filled++;
      return;
    }
    if (this.kept.length === this.capacity) this.halve();
    // The data source's own objects are kept while nothing is merged; a merged bar is always a copy.
    this.kept.push(this.factor === 1 ? bar : { ...bar });
    this.filled = 1;
  }

  private halve(): void {
    const merged: Candle[] = [];
    for (let index = 0; index < this.kept.length; index += 2) {
      const first = { ...this.kept[index]! };
      const second = this.kept[index + 1];
      if (second !== undefined) mergeInto(first, second);
      merged.push(first);
    }
    this.kept.length = 0;
    this.kept.push(...merged);
    // Halved when full: an even capacity of full bars makes full pairs.
    this.factor *= 2;
    this.filled = this.factor;
  }
}

function mergeInto(target: Candle, bar: Candle): void {
  if (bar.high > target.high) target.high = bar.high;
  if (bar.low < target.low) target.low = bar.low;
  target.close = bar.close;
  target.volume += bar.volume;
}
