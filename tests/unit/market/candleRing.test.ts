import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { CandleRing } from '../../../src/market/candleRing.js';

const bar = (time: number): Candle => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 });
const times = (candles: readonly Candle[]) => candles.map((candle) => candle.time);

describe('CandleRing', () => {
  it('returns nothing from an empty ring', () => {
    const ring = new CandleRing(3);
    expect(ring.size).toBe(0);
    expect(ring.latest()).toBeUndefined();
    expect(ring.last(5)).toEqual([]);
  });

  it('keeps only the newest `capacity` candles, oldest first, once pushed past its capacity', () => {
    const ring = new CandleRing(3);
    for (const time of [1, 2, 3, 4, 5]) ring.push(bar(time));
    expect(ring.size).toBe(3);
    expect(times(ring.last(10))).toEqual([3, 4, 5]);
    expect(times(ring.last(2))).toEqual([4, 5]);
    expect(ring.latest()?.time).toBe(5);
  });

  it('reads the newest candle when the write position has wrapped to the start', () => {
    const ring = new CandleRing(2);
    ring.push(bar(1));
    ring.push(bar(2));
    expect(ring.latest()?.time).toBe(2);
  });

  it('treats a fractional or negative count as its floor, at least zero', () => {
    const ring = new CandleRing(4);
    for (const time of [1, 2, 3]) ring.push(bar(time));
    expect(times(ring.last(2.9))).toEqual([2, 3]);
    expect(ring.last(-1)).toEqual([]);
  });

  it('starts over empty after clear', () => {
    const ring = new CandleRing(2);
    ring.push(bar(1));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.latest()).toBeUndefined();
    ring.push(bar(7));
    expect(times(ring.last(2))).toEqual([7]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s with a RangeError naming the value', (capacity) => {
    expect(() => new CandleRing(capacity)).toThrow(
      new RangeError(`ring capacity must be a positive integer, got ${capacity}`),
    );
  });
});
