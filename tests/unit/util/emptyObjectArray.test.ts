import { describe, expect, it } from 'vitest';
import { emptyObjectArray } from '../../../src/util/emptyObjectArray.js';

describe('emptyObjectArray', () => {
  it.each(['packed', 'holey'] as const)('is an empty array that behaves as [] (%s)', (kind) => {
    const array = emptyObjectArray<{ id: number }>(kind);
    expect(array).toEqual([]);
    expect(array).toHaveLength(0);
    expect(0 in array).toBe(false);
    expect(JSON.stringify(array)).toBe('[]');
    array.push({ id: 1 });
    expect(array).toEqual([{ id: 1 }]);
  });

  it('makes a new array each time', () => {
    const first = emptyObjectArray<number>();
    first.push(1);
    expect(emptyObjectArray<number>()).toEqual([]);
  });
});
