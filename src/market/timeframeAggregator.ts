import type { Candle } from '../events/candle.js';
import { CandleRing } from './candleRing.js';

/**
 * Builds one timeframe of one symbol from base bars, in O(1) per base bar.
 *
 * A bar's bucket is `floor(time / timeframeMs) * timeframeMs` (so daily buckets start at UTC midnight).
 * The bucket's bar closes when a base bar ending at or after the bucket end arrives, or when a base
 * bar of a later bucket arrives (a gap in the data); until then it is the forming bar. When the
 * timeframe equals the base timeframe, every base bar is stored as given (already closed).
 *
 * @example
 * ```ts
 * const fiveMinutes = new TimeframeAggregator('5', 300_000, 60_000, 500);
 * for (const bar of oneMinuteBars) fiveMinutes.add(bar);
 * fiveMinutes.closed.last(3); // the last three closed 5-minute bars
 * fiveMinutes.forming; // the 5-minute bar still being built, if any
 * ```
 */
export class TimeframeAggregator {
  readonly closed: CandleRing;
  /** The bar being built; mutated in place until it closes, so hand out copies only. */
  private current: Candle | undefined;
  private currentEnd = 0;
  private readonly passThrough: boolean;

  constructor(
    readonly timeframe: string,
    readonly timeframeMs: number,
    readonly baseMs: number,
    historyLimit: number,
  ) {
    this.closed = new CandleRing(historyLimit);
    this.passThrough = timeframeMs === baseMs;
  }

  /** The forming bar, if any (the live object: callers copy it before exposing it). */
  get forming(): Candle | undefined {
    return this.current;
  }

  /** Adds one base bar (bars arrive in strictly increasing time order). */
  add(bar: Candle): void {
    if (this.passThrough) {
      this.closed.push(bar);
      return;
    }
    const bucket = Math.floor(bar.time / this.timeframeMs) * this.timeframeMs;
    let current = this.current;
    if (current !== undefined && current.time !== bucket) {
      // A base bar of a later bucket: the data skipped the rest of the old bucket, which is complete.
      this.closed.push(current);
      current = undefined;
    }
    if (current === undefined) {
      current = {
        time: bucket,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
      };
      this.currentEnd = bucket + this.timeframeMs;
    } else {
      if (bar.high > current.high) current.high = bar.high;
      if (bar.low < current.low) current.low = bar.low;
      current.close = bar.close;
      current.volume += bar.volume;
    }
    if (bar.time + this.baseMs >= this.currentEnd) {
      this.closed.push(current);
      this.current = undefined;
    } else {
      this.current = current;
    }
  }

  clear(): void {
    this.closed.clear();
    this.current = undefined;
  }
}
