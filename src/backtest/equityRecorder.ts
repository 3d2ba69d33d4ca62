import { closeSync, openSync, writeSync } from 'node:fs';
import type { EquityColumns } from '../store/equityChunks.js';
import type { EquityPoint } from './backtestRecords.js';

const chunkSize = 65_536;

/** The index a property key names (`'12'` → 12), or undefined. */
function arrayIndex(property: string): number | undefined {
  const code = property.charCodeAt(0);
  if (!(code >= 48 && code <= 57)) return undefined;
  const index = Number(property);
  return Number.isInteger(index) && String(index) === property ? index : undefined;
}

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
    this.pushValues(point.time, point.balance, point.equity, point.in_market);
  }

  /** {@link push} without a point object: a backtest records one per bar. */
  pushValues(time: number, balance: number, equity: number, inMarket: boolean): void {
    if (this.count % chunkSize === 0) {
      this.chunks.push({
        time: new Float64Array(chunkSize),
        balance: new Float64Array(chunkSize),
        equity: new Float64Array(chunkSize),
        inMarket: new Uint8Array(chunkSize),
      });
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    const offset = this.count % chunkSize;
    chunk.time[offset] = time;
    chunk.balance[offset] = balance;
    chunk.equity[offset] = equity;
    chunk.inMarket[offset] = inMarket ? 1 : 0;
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

  /**
   * Points `from` (inclusive) to the newest as column views over the recorder's own arrays, one per
   * block they span (no copy): valid until the next {@link push}/{@link replaceLast}.
   */
  *columns(from: number): Generator<EquityColumns> {
    for (let index = Math.max(0, from); index < this.count; ) {
      const chunk = this.chunks[Math.floor(index / chunkSize)]!;
      const start = index % chunkSize;
      const end = Math.min(chunkSize, start + this.count - index);
      yield {
        time: chunk.time.subarray(start, end),
        balance: chunk.balance.subarray(start, end),
        equity: chunk.equity.subarray(start, end),
        inMarket: chunk.inMarket.subarray(start, end),
      };
      index += end - start;
    }
  }

  /** Every point, oldest first. */
  points(): Generator<EquityPoint> {
    return this.range(0);
  }

  /** Every point as an array of objects. */
  toArray(): EquityPoint[] {
    return Array.from(this.points());
  }

  /**
   * A read-only array view of the curve, for code that takes an array (the statistics): `length`,
   * indexing, iteration and every non-mutating array method work, without an object per point held in
   * memory: each element is created when read (so `view[0] !== view[0]`). Writes are refused.
   */
  view(): readonly EquityPoint[] {
    const recorder = this;
    return new Proxy([] as EquityPoint[], {
      get(target, property, receiver) {
        if (property === 'length') return recorder.count;
        if (typeof property === 'string') {
          const index = arrayIndex(property);
          if (index !== undefined) return recorder.at(index);
        }
        if (property === Symbol.iterator) return () => recorder.points();
        return Reflect.get(target, property, receiver);
      },
      has(target, property) {
        if (typeof property === 'string') {
          const index = arrayIndex(property);
          if (index !== undefined) return index < recorder.count;
        }
        return Reflect.has(target, property);
      },
      set() {
        return false;
      },
      defineProperty() {
        return false;
      },
      deleteProperty() {
        return false;
      },
    });
  }

  /**
   * At most about `maxPoints` points for a chart: every point when there are no more, else every n-th and
   * the last.
   */
  sample(maxPoints: number): EquityPoint[] {
    if (this.count <= maxPoints) return this.toArray();
    const step = Math.ceil(this.count / maxPoints);
    const points: EquityPoint[] = [];
    for (let index = step - 1; index < this.count; index += step) points.push(this.at(index)!);
    if ((this.count - 1) % step !== step - 1) points.push(this.at(this.count - 1)!);
    return points;
  }

  /**
   * Writes the whole curve to `path` as text, `chunkPoints` points at a time, never holding more: `render`
   * turns a chunk (column views over the recorder's own arrays, no copy) into text, the first with its
   * header (`first: true`; called once with no point for an empty curve).
   *
   * The default chunk is small on purpose: a chunk's lines and text must die in V8's young generation. At
   * 50,000 points they outlived it, were promoted, and a 1M-point curve piled ~200 MB of garbage into the
   * old generation before a full GC (peak RSS 405 MB instead of 235 MB).
   */
  writeFile(
    path: string,
    render: (columns: EquityColumns, first: boolean) => string,
    chunkPoints = 2_000,
  ): void {
    const descriptor = openSync(path, 'w');
    try {
      let first = true;
      for (const block of this.columns(0)) {
        for (let from = 0; from < block.time.length; from += chunkPoints) {
          const to = Math.min(block.time.length, from + chunkPoints);
          const columns = {
            time: block.time.subarray(from, to),
            balance: block.balance.subarray(from, to),
            equity: block.equity.subarray(from, to),
            inMarket: block.inMarket.subarray(from, to),
          };
          writeSync(descriptor, render(columns, first));
          first = false;
        }
      }
      if (first) {
        const none = { time: new Float64Array(0), balance: new Float64Array(0), equity: new Float64Array(0) };
        writeSync(descriptor, render({ ...none, inMarket: new Uint8Array(0) }, true));
      }
    } finally {
      closeSync(descriptor);
    }
  }
}
