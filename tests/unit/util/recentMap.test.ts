import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../../src/util/recentMap.js';

describe('RecentMap', () => {
  it('forgets the oldest entry when a new key exceeds the capacity', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
    expect(map.get('c')).toBe(3);
  });

  it('keeps every entry when an existing key is set again at capacity', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    expect(map.get('a')).toBe(10);
    expect(map.get('b')).toBe(2);
  });

  it('take returns the value and removes it, making room without eviction', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.take('a')).toBe(1);
    expect(map.take('a')).toBeUndefined();
    map.set('c', 3);
    expect(map.get('b')).toBe(2);
    expect(map.size).toBe(2);
  });

  it('stays at its capacity over many keys that are never taken', () => {
    const map = new RecentMap<number, number>(100);
    for (let key = 0; key < 10_000; key++) map.set(key, key);
    expect(map.size).toBe(100);
    expect(map.get(9_900)).toBe(9_900);
    expect(map.get(9_899)).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RecentMap(0)).toThrow(RangeError);
    expect(() => new RecentMap(1.5)).toThrow(RangeError);
  });
});
