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

  it('answers like a plain array of the pushed candles for any capacity, push count and read count', () => {
    for (const capacity of [1, 2, 15, 16, 17, 40, 500]) {
      const ring = new CandleRing(capacity);
      const pushed: Candle[] = [];
      for (let time = 1; time <= capacity * 3 + 5; time += 1) {
        const candle = {
          time,
          open: time + 0.1,
          high: time + 0.5,
          low: time - 0.5,
          close: time + 0.2,
          volume: time * 3,
        };
        ring.push(candle);
        pushed.push(candle);
        for (const count of [1, 3, 16, 17, capacity, capacity + 1]) {
          expect(ring.last(count)).toEqual(pushed.slice(-Math.min(count, capacity)));
        }
        expect(ring.latest()).toBe(candle);
      }
    }
  });

  it('returns the newest 16 candles as the objects pushed and older ones as copies of their six fields', () => {
    const ring = new CandleRing(100);
    const pushed = Array.from({ length: 40 }, (_, index) => bar(index));
    for (const candle of pushed) ring.push(candle);
    const read = ring.last(40);
    for (let index = 24; index < 40; index += 1) expect(read[index]).toBe(pushed[index]);
    for (let index = 0; index < 24; index += 1) {
      expect(read[index]).not.toBe(pushed[index]);
      expect(read[index]).toEqual(pushed[index]);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects capacity %s with a RangeError naming the value', (capacity) => {
    expect(() => new CandleRing(capacity)).toThrow(
      new RangeError(`ring capacity must be a positive integer, got ${capacity}`),
    );
  });
});
