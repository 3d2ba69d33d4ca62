import type { EquityPoint } from './performanceSummary.js';

const chunkSize = 65_536;

interface Chunk {
  time: Float64Array;
  balance: Float64Array;
  equity: Float64Array;
  inMarket: Uint8Array;
}

/**
 * A run's equity curve in compact columns (25 bytes a point instead of an object of about 80): what
 * `runBacktest` records after each cycle. Points are read back as {@link EquityPoint}s one at a time
 * ({@link points}, {@link range}) or all at once for the report ({@link toArray}).
 *
 * @example
 * ```ts
 * const curve = new EquityRecorder();
 * curve.push({ time: Date.parse('2025-01-06'), balance: 10_000, equity: 10_020, in_market: true });
 * for (const point of curve.points()) console.log(point.equity);
 * ```
 */
export class EquityRecorder {
  private readonly chunks: Chunk[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(point: EquityPoint): void {
    if (this.count % chunkSize === 0) {
      this.chunks.push({
        time: new Float64Array(chunkSize),
        balance: new Float64Array(chunkSize),
        equity: new Float64Array(chunkSize),
        inMarket: new Uint8Array(chunkSize),
      });
    }
    this.write(this.count, point);
    this.count++;
  }

  private write(index: number, point: EquityPoint): void {
    const chunk = this.chunks[Math.floor(index / chunkSize)]!;
    const offset = index % chunkSize;
    chunk.time[offset] = point.time;
    chunk.balance[offset] = point.balance;
    chunk.equity[offset] = point.equity;
    chunk.inMarket[offset] = point.in_market ? 1 : 0;
  }

  /** The point at `index` (0 = oldest), or undefined outside the curve. */
  at(index: number): EquityPoint | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const chunk = this.chunks[Math.floor(index / chunkSize)]!;
    const offset = index % chunkSize;
    return {
      time: chunk.time[offset]!,
      balance: chunk.balance[offset]!,
      equity: chunk.equity[offset]!,
      in_market: chunk.inMarket[offset] === 1,
    };
  }

  /** Replaces the newest point (e.g. the last bar's account after the end-of-data close). */
  replaceLast(point: EquityPoint): void {
    if (this.count === 0) return;
    this.write(this.count - 1, point);
  }

  /** Points `from` (inclusive) to `to` (exclusive), oldest first. */
  *range(from: number, to = this.count): Generator<EquityPoint> {
    for (let index = Math.max(0, from); index < Math.min(to, this.count); index++) yield this.at(index)!;
  }

  /** Every point, oldest first. */
  points(): Generator<EquityPoint> {
    return this.range(0);
  }

  /** Every point as an array (what the statistics and the report's writer take). */
  toArray(): EquityPoint[] {
    return Array.from(this.points());
  }
}
