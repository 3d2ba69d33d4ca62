import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../src/execution/broker.js';
import { FillLookup } from '../../../src/execution/fillLookup.js';

const fill = (clientOrderId: string, price: number): Fill => ({
  clientOrderId,
  symbol: 'EURUSD',
  direction: 'long',
  size: 0.1,
  price,
  commission: 0.35,
  time: 0,
  intent: 'open',
  strategyName: 'ema_cross',
});

describe('FillLookup', () => {
  it('finds fills appended to the same list after earlier lookups, the last of an id winning', () => {
    const fills: Fill[] = [fill('a', 1)];
    const lookup = new FillLookup();
    expect(lookup.find(fills, 'a')?.price).toBe(1);
    expect(lookup.find(fills, 'b')).toBeUndefined();
    fills.push(fill('b', 2), fill('a', 3));
    expect(lookup.find(fills, 'b')?.price).toBe(2);
    expect(lookup.find(fills, 'a')?.price).toBe(3);
  });

  it('forgets the old index when given another list (a restored broker): its fills only', () => {
    const lookup = new FillLookup();
    expect(lookup.find([fill('a', 1), fill('b', 2)], 'b')?.price).toBe(2);
    const restored = [fill('a', 5)];
    expect(lookup.find(restored, 'b')).toBeUndefined();
    expect(lookup.find(restored, 'a')?.price).toBe(5);
  });

  it('indexes again from the start a list that became shorter than what was indexed', () => {
    const fills: Fill[] = [fill('a', 1), fill('b', 2)];
    const lookup = new FillLookup();
    expect(lookup.find(fills, 'b')?.price).toBe(2);
    fills.length = 0;
    fills.push(fill('c', 4));
    expect(lookup.find(fills, 'b')).toBeUndefined();
    expect(lookup.find(fills, 'c')?.price).toBe(4);
  });
});
