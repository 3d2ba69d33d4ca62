import { describe, expect, it } from 'vitest';
import { copyData } from '../../../src/util/copyData.js';

describe('copyData', () => {
  it('copies nested objects and arrays so that changing the original leaves the copy unchanged', () => {
    const original = { working: [{ order: { size: 1 }, tags: ['a'] }], count: 2 };
    const copy = copyData(original);
    original.working[0]!.order.size = 5;
    original.working[0]!.tags.push('b');
    original.count = 3;
    expect(copy).toEqual({ working: [{ order: { size: 1 }, tags: ['a'] }], count: 2 });
  });

  it('leaves out undefined keys, so the copy equals its own JSON round trip', () => {
    const copy = copyData({
      symbol: 'EURUSD',
      position: undefined,
      lastExit: { timeframe: undefined, barIndex: 3 },
    });
    expect(Object.keys(copy)).toEqual(['symbol', 'lastExit']);
    expect(Object.keys(copy.lastExit)).toEqual(['barIndex']);
    expect(copy).toStrictEqual(JSON.parse(JSON.stringify(copy)));
  });

  it('returns primitives and null as they are', () => {
    expect(copyData(1.5)).toBe(1.5);
    expect(copyData('x')).toBe('x');
    expect(copyData(null)).toBeNull();
  });
});
