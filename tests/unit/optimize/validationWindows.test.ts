import { describe, expect, it } from 'vitest';
import { splitWindows, warmupBarsFor } from '../../../src/optimize/validationWindows.js';

const day = 86_400_000;
const candles = Array.from({ length: 100 }, (_, index) => ({
  time: Date.UTC(2001, 0, 1) + index * day,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: 0,
}));

describe('splitWindows', () => {
  it('without a guard, trials are ranked on all the data', () => {
    expect(splitWindows(candles, {})).toEqual({
      windows: [{ from: 0, to: 100, label: 'all' }],
      ranking: { from: 0, to: 100, label: 'all' },
      folds: [],
    });
  });

  it('--train-until splits after that date (inclusive) and ranks on the training part', () => {
    const plan = splitWindows(candles, { trainUntil: '2001-01-31' });
    expect(plan.ranking).toEqual({ from: 0, to: 31, label: 'train' });
    expect(plan.folds).toEqual([
      { train: { from: 0, to: 31, label: 'train' }, test: { from: 31, to: 100, label: 'test' } },
    ]);
  });

  it('a walk-forward of 3 folds cuts 4 windows, each fold testing on the window after its training one', () => {
    const plan = splitWindows(candles, { walkForward: 3 });
    expect(plan.folds.map((fold) => [fold.train.from, fold.train.to, fold.test.from, fold.test.to])).toEqual([
      [0, 25, 25, 50],
      [25, 50, 50, 75],
      [50, 75, 75, 100],
    ]);
    expect(plan.ranking.label).toBe('all');
  });

  it('every window after the first gets up to warmupBars of the bars just before it as warm-up', () => {
    const plan = splitWindows(candles, { walkForward: 3, warmupBars: 40 });
    expect(plan.ranking.warmup).toBeUndefined();
    expect(plan.folds.map((fold) => [fold.train.warmup, fold.test.warmup])).toEqual([
      [undefined, 25],
      [25, 40],
      [40, 40],
    ]);
    expect(splitWindows(candles, { trainUntil: '2001-01-31', warmupBars: 40 }).folds[0]).toEqual({
      train: { from: 0, to: 31, label: 'train' },
      test: { from: 31, to: 100, label: 'test', warmup: 31 },
    });
  });

  it('the warm-up covers the history the data manager keeps of the longest timeframe the data can build', () => {
    expect(warmupBarsFor(['1'], '1')).toBe(500);
    expect(warmupBarsFor(['1', '5', '60'], '1')).toBe(30_000);
    expect(warmupBarsFor(['1440'], '1440')).toBe(500);
    // 90 minutes cannot be built from hourly bars: it adds nothing.
    expect(warmupBarsFor(['60', '90'], '60')).toBe(500);
  });

  it.each([
    [{ trainUntil: '2001-02-30' }, /must be an ISO-8601 date.*"2001-02-30"/],
    // Date.parse reads these (the first in the local time zone); a split point must not depend on it.
    [{ trainUntil: '2001/01/31' }, /must be an ISO-8601 date.*"2001\/01\/31"/],
    [{ trainUntil: 'Jan 31 2001' }, /must be an ISO-8601 date.*"Jan 31 2001"/],
    [{ trainUntil: '2030-01-01' }, /leaves 100 bars in sample and 0 out of sample/],
    [{ walkForward: 20 }, /windows of 4 bars; each needs at least 10/],
    [{ walkForward: 2, trainUntil: '2001-01-31' }, /exclude each other/],
  ])('%o is refused', (options, message) => {
    expect(() => splitWindows(candles, options)).toThrow(message);
  });
});
