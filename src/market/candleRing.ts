import type { Candle } from '../events/candle.js';
import { PackedCandles, packedCandleFields } from './packedCandles.js';

/**
 * How many of the newest candles the ring also holds as the objects it was given. Readers per bar ask for a
 * few recent bars (`services.data_fetching.nbr_bars`, 3 by default): they get the same objects back without
 * an allocation, and nothing older than this window is kept alive as an object.
 */
const recentObjects = 16;

/**
 * A fixed-capacity ring of candles: pushing beyond the capacity overwrites the oldest one, so the
 * memory per (symbol, timeframe) stays bounded however long a run lasts.
 *
 * Closed bars are kept as numbers in one `Float64Array`, not as objects: a candle object held for the whole
 * history (500 bars, times the number of symbols) outlives V8's young generation and is promoted, so every
 * bar would add to the old generation's garbage. Only the newest few are kept as the objects pushed; older
 * ones are rebuilt (a plain copy with the six fields) when read, which happens when a service warms up.
 *
 * @example
 * ```ts
 * const ring = new CandleRing(2);
 * ring.push(a); ring.push(b); ring.push(c);
 * ring.last(5); // [b, c] (oldest first)
 * ```
 */
export class CandleRing {
  private readonly values: Float64Array;
  private readonly recent: (Candle | undefined)[];
  private head = 0; // candle index the next push writes to in `values`
  private recentHead = 0; // index the next push writes to in `recent`
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.values = new Float64Array(capacity * packedCandleFields);
    this.recent = new Array<Candle | undefined>(Math.min(capacity, recentObjects)).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  push(candle: Candle): void {
    PackedCandles.write(this.values, this.head, candle);
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.recent[this.recentHead] = candle;
    this.recentHead = this.recentHead + 1 === this.recent.length ? 0 : this.recentHead + 1;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The newest candle, or undefined when empty. */
  latest(): Candle | undefined {
    if (this.count === 0) return undefined;
    return this.recent[this.recentHead === 0 ? this.recent.length - 1 : this.recentHead - 1];
  }

  /** Up to `count` newest candles, oldest first. */
  last(count: number): Candle[] {
    const length = Math.max(0, Math.min(Math.floor(count), this.count));
    const result = new Array<Candle>(length);
    const window = this.recent.length;
    // Candles older than the object window come from the numbers, rebuilt as new objects.
    const rebuilt = length > window ? length - window : 0;
    let index = this.head - length;
    if (index < 0) index += this.capacity;
    for (let offset = 0; offset < rebuilt; offset += 1) {
      result[offset] = PackedCandles.read(this.values, index);
      index = index + 1 === this.capacity ? 0 : index + 1;
    }
    let recentIndex = this.recentHead - (length - rebuilt);
    if (recentIndex < 0) recentIndex += window;
    for (let offset = rebuilt; offset < length; offset += 1) {
      result[offset] = this.recent[recentIndex] as Candle;
      recentIndex = recentIndex + 1 === window ? 0 : recentIndex + 1;
    }
    return result;
  }

  clear(): void {
    this.recent.fill(undefined);
    this.head = 0;
    this.recentHead = 0;
    this.count = 0;
  }
}
