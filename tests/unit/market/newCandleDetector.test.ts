import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/events/candle.js';
import { NewCandleDetector } from '../../../src/market/newCandleDetector.js';

const candles: Candle[] = Array.from({ length: 12 }, (_, index) => ({
  time: index * 60_000,
  open: index,
  high: index + 1,
  low: index - 1,
  close: index,
  volume: 1,
}));
/** The last `count` closed bars when bar `lastIndex` is the newest closed one (what getStreamData gives). */
const window = (lastIndex: number, count = 3) =>
  candles.slice(Math.max(0, lastIndex - count + 1), lastIndex + 1);
const times = (bars: Candle[]) => bars.map((bar) => bar.time / 60_000);

describe('NewCandleDetector', () => {
  it('with candle_index 1 reports the last closed candle once, then nothing until a new one closes', () => {
    const detector = new NewCandleDetector(1);
    expect(times(detector.detect('EURUSD', '1', window(2)))).toEqual([2]);
    expect(detector.detect('EURUSD', '1', window(2))).toEqual([]);
    expect(times(detector.detect('EURUSD', '1', window(3)))).toEqual([3]);
  });

  it('with candle_index 2 reports the candle before the last closed one, lagging by one bar', () => {
    const detector = new NewCandleDetector(2);
    expect(times(detector.detect('EURUSD', '1', window(2)))).toEqual([1]);
    expect(times(detector.detect('EURUSD', '1', window(3)))).toEqual([2]);
    expect(detector.detect('EURUSD', '1', window(3))).toEqual([]);
  });

  it('reports every candle that closed between two fetches, oldest first, none twice', () => {
    const detector = new NewCandleDetector(1);
    detector.detect('EURUSD', '1', window(2, 5));
    expect(times(detector.detect('EURUSD', '1', window(5, 5)))).toEqual([3, 4, 5]);
    expect(times(detector.detect('EURUSD', '1', window(6, 5)))).toEqual([6]);
  });

  it('stops at the candidate when candle_index is 2 and several candles closed', () => {
    const detector = new NewCandleDetector(2);
    detector.detect('EURUSD', '1', window(3, 5)); // reports 2
    expect(times(detector.detect('EURUSD', '1', window(7, 5)))).toEqual([3, 4, 5, 6]);
  });

  it('firstNew gives the index where detect would start, -1 for nothing new, and records as detect does', () => {
    const detector = new NewCandleDetector(2);
    expect(detector.firstNew('EURUSD', '1', window(3, 5))).toBe(2); // bar 2, as detect reports first
    const bars = window(7, 5); // bars 3..7: 3 to 6 are new, up to the candidate at length - 2
    expect(detector.firstNew('EURUSD', '1', bars)).toBe(0);
    expect(detector.firstNew('EURUSD', '1', bars)).toBe(-1);
    expect(detector.detect('EURUSD', '1', bars)).toEqual([]);
    expect(detector.firstNew('EURUSD', '1', [])).toBe(-1);
  });

  it('reports nothing while fewer bars than candle_index are available', () => {
    const detector = new NewCandleDetector(2);
    expect(detector.detect('EURUSD', '1', window(0, 3))).toEqual([]);
    expect(detector.detect('EURUSD', '1', [])).toEqual([]);
  });

  it('reports each candle exactly once over a whole replay with overlapping windows', () => {
    const detector = new NewCandleDetector(1);
    const reported: number[] = [];
    for (const last of [0, 0, 1, 3, 3, 4, 7, 8, 11, 11])
      reported.push(...times(detector.detect('X', '5', window(last, 4))));
    expect(reported).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('tracks each (symbol, timeframe) separately', () => {
    const detector = new NewCandleDetector(1);
    expect(times(detector.detect('EURUSD', '1', window(4)))).toEqual([4]);
    expect(times(detector.detect('EURUSD', '5', window(4)))).toEqual([4]);
    expect(times(detector.detect('GBPUSD', '1', window(4)))).toEqual([4]);
  });

  it('ignores windows older than what was already reported (a source replaying old bars)', () => {
    const detector = new NewCandleDetector(1);
    detector.detect('EURUSD', '1', window(6));
    expect(detector.detect('EURUSD', '1', window(4))).toEqual([]);
  });

  it('forgets what was reported after reset, for one symbol or for all', () => {
    const detector = new NewCandleDetector(1);
    detector.detect('EURUSD', '1', window(4));
    detector.detect('GBPUSD', '1', window(4));
    detector.reset('EURUSD');
    expect(times(detector.detect('EURUSD', '1', window(4)))).toEqual([4]);
    expect(detector.detect('GBPUSD', '1', window(4))).toEqual([]);
    detector.reset();
    expect(times(detector.detect('GBPUSD', '1', window(4)))).toEqual([4]);
  });

  it('forgets the series it just reported on reset (nothing of it kept from the last call)', () => {
    const detector = new NewCandleDetector(1);
    detector.detect('EURUSD', '1', window(4));
    detector.reset('EURUSD');
    expect(times(detector.detect('EURUSD', '1', window(4)))).toEqual([4]);
    detector.reset();
    expect(times(detector.detect('EURUSD', '1', window(4)))).toEqual([4]);
  });

  it('keeps each series while calls alternate between them', () => {
    const detector = new NewCandleDetector(1);
    detector.detect('EURUSD', '1', window(4));
    detector.detect('EURUSD', '5', window(2));
    expect(detector.detect('EURUSD', '1', window(4))).toEqual([]);
    expect(times(detector.detect('EURUSD', '5', window(4)))).toEqual([3, 4]);
    expect(times(detector.detect('EURUSD', '1', window(5)))).toEqual([5]);
  });

  it('rejects a candle_index below 1', () => {
    expect(() => new NewCandleDetector(0)).toThrow(RangeError);
  });
});
