import type { Candle } from '../events/candle.js';
import { packedCandleFields as fields, PackedCandles } from '../market/packedCandles.js';

/**
 * Candles packed column-wise into one `SharedArrayBuffer`: parsed once by the coordinator, read by every
 * worker thread without a copy (and sent once per machine in distributed jobs).
 *
 * @example
 * ```ts
 * const shared = SharedCandles.pack(source.candles);
 * const candles = SharedCandles.unpack(shared.buffer); // in a worker
 * ```
 */
export class SharedCandles {
  private constructor(readonly buffer: SharedArrayBuffer) {}

  static pack(candles: readonly Candle[]): SharedCandles {
    const buffer = new SharedArrayBuffer(candles.length * fields * Float64Array.BYTES_PER_ELEMENT);
    const values = new Float64Array(buffer);
    for (let index = 0; index < candles.length; index++) PackedCandles.write(values, index, candles[index]!);
    return new SharedCandles(buffer);
  }

  /** The candles of a packed buffer (a `SharedArrayBuffer`, or the bytes of one sent over the network). */
  static unpack(buffer: ArrayBufferLike | Uint8Array): Candle[] {
    // Bytes received over the network may start at any offset: a Float64Array needs 8-byte alignment.
    const values =
      buffer instanceof Uint8Array
        ? buffer.byteOffset % Float64Array.BYTES_PER_ELEMENT === 0
          ? new Float64Array(
              buffer.buffer,
              buffer.byteOffset,
              buffer.byteLength / Float64Array.BYTES_PER_ELEMENT,
            )
          : new Float64Array(new Uint8Array(buffer).buffer)
        : new Float64Array(buffer);
    const candles: Candle[] = new Array(values.length / fields);
    for (let index = 0; index < candles.length; index++) candles[index] = PackedCandles.read(values, index);
    return candles;
  }
}
