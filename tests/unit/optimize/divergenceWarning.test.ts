import { describe, expect, it } from 'vitest';
import { divergenceWarning, metricDiverges } from '../../../src/optimize/divergenceWarning.js';

const sharpe = { name: 'sharpe', maximise: true };
const drawdown = { name: 'max_drawdown', maximise: false };

describe('metricDiverges', () => {
  it.each([
    [1.2, 0.5, true],
    [1.2, 0.7, false],
    [1.2, -0.1, true],
    [-0.5, -1.1, true],
    [-0.5, -0.9, false],
    [-0.5, 0.3, false],
    [-7.69, -29.04, true],
  ])(
    'a maximised metric %f in sample and %f out of sample diverges: %s',
    (inSample, outOfSample, expected) => {
      expect(metricDiverges(inSample, outOfSample, true)).toBe(expected);
    },
  );

  it('a minimised metric diverges when it more than doubles out of sample', () => {
    expect(metricDiverges(10, 21, false)).toBe(true);
    expect(metricDiverges(10, 19, false)).toBe(false);
    expect(metricDiverges(10, 4, false)).toBe(false);
  });

  it('unknown values and an in-sample zero never diverge', () => {
    expect(metricDiverges(null, -3, true)).toBe(false);
    expect(metricDiverges(1, undefined, true)).toBe(false);
    expect(metricDiverges(0, -3, true)).toBe(false);
  });
});

describe('divergenceWarning', () => {
  it('warns when the fold winners lose much more out of sample than in sample, all metrics negative', () => {
    const folds = [
      { inSample: -0.4, outOfSample: -1.5 },
      { inSample: -0.2, outOfSample: -0.9 },
    ];
    expect(divergenceWarning([], folds, sharpe)).toMatch(
      /in-sample and out-of-sample sharpe diverge \(2 of 2 folds, 0 of the top 0 trials/,
    );
  });

  it('warns when most of the top trials keep less than half their gain, even if the folds hold', () => {
    const top = [
      { inSample: 2, outOfSample: 0.5 },
      { inSample: 1.8, outOfSample: 0.4 },
      { inSample: 1.5, outOfSample: 1.4 },
    ];
    const folds = [{ inSample: 1, outOfSample: 0.9 }];
    expect(divergenceWarning(top, folds, sharpe)).toMatch(/0 of 1 folds, 2 of the top 3 trials/);
  });

  it('stays silent when losses stay about the same size out of sample', () => {
    const pairs = [
      { inSample: -0.4, outOfSample: -0.5 },
      { inSample: -0.2, outOfSample: -0.3 },
    ];
    expect(divergenceWarning(pairs, pairs, sharpe)).toBeUndefined();
  });

  it('a drawdown that more than doubles in most folds is a divergence', () => {
    const folds = [
      { inSample: 5, outOfSample: 12 },
      { inSample: 6, outOfSample: 13 },
      { inSample: 6, outOfSample: 7 },
    ];
    expect(divergenceWarning([], folds, drawdown)).toMatch(/max_drawdown diverge \(2 of 3 folds/);
  });
});
