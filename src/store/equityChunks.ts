import { CompactEquityChunk } from './compactEquityChunk.js';
import type { EquityCurvePoint } from './equityCurvePoint.js';

/**
 * Points held as columns (e.g. views into a backtest's equity recorder): the `time.length` points of
 * `time`, `balance`, `equity` and `inMarket` (1: a position was open).
 *
 * @example
 * ```ts
 * const curve = new EquityRecorder();
 * curve.push({ time: Date.parse('2025-01-06'), balance: 10_000, equity: 10_020, in_market: true });
 * for (const columns of curve.columns(0)) console.log(columns.time.length, columns.equity[0]); // 1 10020
 * ```
 */
export interface EquityColumns {
  time: Float64Array;
  balance: Float64Array;
  equity: Float64Array;
  inMarket: Uint8Array;
}

/** Numbers a point takes in a chunk: time, balance, equity, in market (0 or 1). */
const fields = 4;
const bytesPerPoint = fields * 8;

/**
 * The equity curve's on-disk form: points packed in chunks (one BLOB of little-endian doubles per
 * checkpoint's batch) instead of one row per point. A backtest saves a point per bar; as rows, their
 * inserts into the table's index were the store's largest cost after the commits (4% of a 1M-bar CLI
 * run), as chunks they cost about as much as copying the numbers.
 *
 * @example
 * ```ts
 * const chunk = EquityChunks.encode([{ time: 0, balance: 10_000, equity: 10_020, in_market: true }]);
 * EquityChunks.decode([chunk]); // [{ time: 0, balance: 10000, equity: 10020, in_market: true }]
 * ```
 */
export const EquityChunks = {
  /** Points per chunk at most, so that a long batch does not become one huge value. */
  capacity: 8_192,

  /** Packs `points` (at most {@link capacity}). */
  encode(points: readonly EquityCurvePoint[]): Buffer {
    const bytes = Buffer.alloc(points.length * bytesPerPoint);
    let offset = 0;
    for (const point of points) {
      bytes.writeDoubleLE(point.time, offset);
      bytes.writeDoubleLE(point.balance, offset + 8);
      bytes.writeDoubleLE(point.equity, offset + 16);
      bytes.writeDoubleLE(point.in_market ? 1 : 0, offset + 24);
      offset += bytesPerPoint;
    }
    return bytes;
  },

  /**
   * Packs points `from` (inclusive) to `to` (exclusive, at most {@link capacity} after `from`) of
   * `columns`, in the compact form ({@link CompactEquityChunk}: a flag byte a point, and only the values
   * that do not repeat): no object per point on the way. {@link decode} reads both forms.
   */
  encodeColumns(columns: EquityColumns, from: number, to: number): Buffer {
    return CompactEquityChunk.encode(columns, from, to);
  },

  /**
   * The curve held by `chunks` (in the order they were saved), after the points of `rows` (an older
   * store's one-row-per-point table): oldest first, and a point saved again for the same time replaces
   * the earlier one, as the row table's `INSERT OR REPLACE` did.
   */
  decode(chunks: Iterable<Uint8Array>, rows: readonly EquityCurvePoint[] = []): EquityCurvePoint[] {
    const points = [...rows];
    let increasing = true;
    const add = (point: EquityCurvePoint) => {
      const last = points.at(-1);
      if (last !== undefined && point.time <= last.time) increasing = false;
      points.push(point);
    };
    for (const chunk of chunks) {
      if (CompactEquityChunk.is(chunk)) {
        CompactEquityChunk.decode(chunk, add);
        continue;
      }
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let offset = 0; offset + bytesPerPoint <= chunk.byteLength; offset += bytesPerPoint) {
        add({
          time: view.getFloat64(offset, true),
          balance: view.getFloat64(offset + 8, true),
          equity: view.getFloat64(offset + 16, true),
          in_market: view.getFloat64(offset + 24, true) === 1,
        });
      }
    }
    if (increasing) return points;
    const byTime = new Map<number, EquityCurvePoint>();
    for (const point of points) byTime.set(point.time, point);
    return [...byTime.values()].sort((left, right) => left.time - right.time);
  },
};
