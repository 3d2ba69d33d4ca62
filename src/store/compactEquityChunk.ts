import type { EquityCurvePoint } from './equityCurvePoint.js';

/**
 * The 8 bytes that open a compact chunk: `TSEQ`, format 1, and two bytes that make the first double a NaN,
 * which no time in a chunk of plain doubles is (they start with a time), so both forms tell apart.
 */
const magic = Buffer.from([0x54, 0x53, 0x45, 0x51, 0x01, 0x00, 0xf8, 0x7f]);

/** Flags of a point: which values follow as doubles, the others repeat the point before. */
const explicitTime = 1;
const explicitBalance = 2;
const explicitEquity = 4;
/** Equity equals the point's balance (out of the market, usually). */
const equityIsBalance = 8;
const inMarketFlag = 16;

/**
 * The equity curve's compact chunk: per point one flag byte, and as doubles only the values that do not
 * follow from the point before (a time one step further, the same balance, equity equal to the balance
 * or to the last equity). A backtest's curve is mostly such points (one a bar, the balance moving only
 * with fills, the equity with open positions): its million points took 32 MB of BLOBs in the store,
 * written through the write-ahead log and again into the file; now a few MB. Values are copied as
 * doubles and compared with `Object.is`, so a point decodes to exactly the numbers encoded.
 *
 * @example
 * ```ts
 * const chunk = CompactEquityChunk.encode(columns, 0, columns.time.length);
 * CompactEquityChunk.is(chunk); // true
 * CompactEquityChunk.decode(chunk, (point) => points.push(point));
 * ```
 */
export const CompactEquityChunk = {
  /** Whether `chunk` is in this form (else: plain doubles, four a point). */
  is(chunk: Uint8Array): boolean {
    if (chunk.byteLength < magic.length) return false;
    for (let index = 0; index < magic.length; index++) if (chunk[index] !== magic[index]) return false;
    return true;
  },

  /** Points `from` to `to` (exclusive) of the columns. */
  encode(
    columns: { time: Float64Array; balance: Float64Array; equity: Float64Array; inMarket: Uint8Array },
    from: number,
    to: number,
  ): Buffer {
    const { time, balance, equity, inMarket } = columns;
    const bytes = Buffer.allocUnsafe(magic.length + (to - from) * 25);
    magic.copy(bytes, 0);
    let offset = magic.length;
    let lastTime = Number.NaN;
    let step = Number.NaN;
    let lastBalance = Number.NaN;
    let lastEquity = Number.NaN;
    let started = false;
    for (let index = from; index < to; index++) {
      const pointTime = time[index]!;
      const pointBalance = balance[index]!;
      const pointEquity = equity[index]!;
      let flags = inMarket[index] === 1 ? inMarketFlag : 0;
      const flagAt = offset++;
      if (!started || !Object.is(pointTime, lastTime + step)) {
        flags |= explicitTime;
        offset = bytes.writeDoubleLE(pointTime, offset);
      }
      if (!started || !Object.is(pointBalance, lastBalance)) {
        flags |= explicitBalance;
        offset = bytes.writeDoubleLE(pointBalance, offset);
      }
      if (Object.is(pointEquity, pointBalance)) flags |= equityIsBalance;
      else if (!started || !Object.is(pointEquity, lastEquity)) {
        flags |= explicitEquity;
        offset = bytes.writeDoubleLE(pointEquity, offset);
      }
      bytes[flagAt] = flags;
      step = started ? pointTime - lastTime : Number.NaN;
      lastTime = pointTime;
      lastBalance = pointBalance;
      lastEquity = pointEquity;
      started = true;
    }
    return bytes.subarray(0, offset);
  },

  /** Calls `onPoint` with each point of a chunk in this form, in order. */
  decode(chunk: Uint8Array, onPoint: (point: EquityCurvePoint) => void): void {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let offset = magic.length;
    let time = Number.NaN;
    let step = Number.NaN;
    let balance = Number.NaN;
    let equity = Number.NaN;
    let started = false;
    while (offset < chunk.byteLength) {
      const flags = chunk[offset++]!;
      let pointTime = time + step;
      if (flags & explicitTime) {
        pointTime = view.getFloat64(offset, true);
        offset += 8;
      }
      if (flags & explicitBalance) {
        balance = view.getFloat64(offset, true);
        offset += 8;
      }
      if (flags & equityIsBalance) equity = balance;
      else if (flags & explicitEquity) {
        equity = view.getFloat64(offset, true);
        offset += 8;
      }
      step = started ? pointTime - time : Number.NaN;
      time = pointTime;
      started = true;
      onPoint({ time, balance, equity, in_market: (flags & inMarketFlag) !== 0 });
    }
  },
};
