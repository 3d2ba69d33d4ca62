import type { Candle } from '../events/candle.js';

/**
 * A fixed-capacity ring of candles: pushing beyond the capacity overwrites the oldest one, so the
 * memory per (symbol, timeframe) stays bounded however long a run lasts.
 *
 * @example
 * ```ts
 * const ring = new CandleRing(2);
 * ring.push(a); ring.push(b); ring.push(c);
 * ring.last(5); // [b, c] (oldest first)
 * ```
 */
export class CandleRing {
  private readonly items: (Candle | undefined)[];
  private head = 0; // index the next push writes to
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<Candle | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  push(candle: Candle): void {
    this.items[this.head] = candle;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.count < this.capacity) this.count += 1;
  }

  /** The newest candle, or undefined when empty. */
  latest(): Candle | undefined {
    if (this.count === 0) return undefined;
    return this.items[this.head === 0 ? this.capacity - 1 : this.head - 1];
  }

  /** Up to `count` newest candles, oldest first. */
  last(count: number): Candle[] {
    const length = Math.max(0, Math.min(Math.floor(count), this.count));
    const result = new Array<Candle>(length);
    let index = this.head - length;
    if (index < 0) index += this.capacity;
    for (let offset = 0; offset < length; offset += 1) {
      result[offset] = this.items[index] as Candle;
      index = index + 1 === this.capacity ? 0 : index + 1;
    }
    return result;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
