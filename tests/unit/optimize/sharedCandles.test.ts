import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { SharedCandles } from '../../../src/optimize/sharedCandles.js';

const candles: Candle[] = [
  { time: Date.parse('2025-01-06T00:00:00Z'), open: 1.1, high: 1.25, low: 1.05, close: 1.2, volume: 1_500 },
  { time: Date.parse('2025-01-07T00:00:00Z'), open: 1.2, high: 1.3, low: 1.15, close: 1.17, volume: 0 },
];

describe('SharedCandles', () => {
  it('unpacks the shared buffer a worker thread receives into the candles that were packed', () => {
    expect(SharedCandles.unpack(SharedCandles.pack(candles).buffer)).toEqual(candles);
  });

  it('unpacks the bytes a distributed worker receives, whether or not they start on an 8-byte boundary', () => {
    const bytes = new Uint8Array(SharedCandles.pack(candles).buffer);
    const aligned = new Uint8Array(new ArrayBuffer(bytes.length + 8), 8, bytes.length);
    aligned.set(bytes);
    // A message body sliced out of a larger network buffer at an odd offset.
    const misaligned = new Uint8Array(new ArrayBuffer(bytes.length + 3), 3, bytes.length);
    misaligned.set(bytes);
    expect(SharedCandles.unpack(aligned)).toEqual(candles);
    expect(SharedCandles.unpack(misaligned)).toEqual(candles);
  });

  it('packs no candles into an empty buffer that unpacks to none', () => {
    const empty = SharedCandles.pack([]);
    expect(empty.buffer.byteLength).toBe(0);
    expect(SharedCandles.unpack(empty.buffer)).toEqual([]);
  });
});
