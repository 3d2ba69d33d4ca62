import { describe, expect, it } from 'vitest';
import { SeriesProgress } from '../../../src/services/seriesProgress.js';

describe('SeriesProgress', () => {
  it('keeps the last time per symbol and timeframe, counting each series once', () => {
    const progress = new SeriesProgress();
    progress.set('EURUSD', '1', 60_000);
    progress.set('EURUSD', '5', 0);
    progress.set('EURUSD', '1', 120_000);
    progress.set('GBPUSD', '1', 60_000);
    expect(progress.size).toBe(3);
    expect([...progress.entries()]).toEqual([
      ['EURUSD', '1', 120_000],
      ['EURUSD', '5', 0],
      ['GBPUSD', '1', 60_000],
    ]);
  });

  it('saves as { "symbol|timeframe": time } and restores from it, symbols with a bar in their name included', () => {
    const progress = new SeriesProgress();
    progress.set('EURUSD', '1', 60_000);
    progress.set('A|B', '15', 900_000);
    const record = progress.toRecord();
    expect(record).toEqual({ 'EURUSD|1': 60_000, 'A|B|15': 900_000 });
    const restored = new SeriesProgress();
    restored.restore(record);
    expect([...restored.entries()]).toEqual([...progress.entries()]);
    expect(restored.size).toBe(2);
  });

  it('yields each time as it was when its series was reached, even if set during the iteration', () => {
    const progress = new SeriesProgress();
    progress.set('EURUSD', '1', 60_000);
    const seen: number[] = [];
    for (const [symbol, timeframe, time] of progress.entries()) {
      seen.push(time);
      progress.set(symbol, timeframe, time + 60_000);
    }
    expect(seen).toEqual([60_000]);
    expect(progress.toRecord()).toEqual({ 'EURUSD|1': 120_000 });
  });
});
