import { describe, expect, it } from 'vitest';
import { entryLevels, entryLimit } from '../../../src/strategies/exitRules.js';

describe('entryLevels', () => {
  it('puts a short stop above and its target below the price', () => {
    const levels = entryLevels('short', 1.1, 0.001, 2, 3);
    expect(levels.stopLoss).toBeCloseTo(1.102, 12);
    expect(levels.takeProfit).toBeCloseTo(1.097, 12);
  });

  it('leaves out a stop or target that would fall at or below zero (a price cannot)', () => {
    expect(entryLevels('long', 1, 0.5, 2, 1)).toEqual({ takeProfit: 1.5 });
    expect(entryLevels('short', 1, 0.5, 1, 2)).toEqual({ stopLoss: 1.5 });
  });

  it('sets neither without an ATR, or with one that is not positive', () => {
    expect(entryLevels('long', 1.1, undefined, 2, 3)).toEqual({});
    expect(entryLevels('long', 1.1, 0, 2, 3)).toEqual({});
    expect(entryLevels('long', 1.1, Number.NaN, 2, 3)).toEqual({});
  });
});

describe('entryLimit', () => {
  it('makes the entry a market order when the limit would be at or below zero', () => {
    expect(entryLimit('long', 1, 0.5, 2)).toBeUndefined();
    expect(entryLimit('short', 1, 0.5, 2)).toEqual({ limitPrice: 2 });
  });
});
