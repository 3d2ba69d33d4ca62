import { describe, expect, it } from 'vitest';
import type { Position } from '../../../src/execution/broker.js';
import { roundCents } from '../../../src/execution/paperPricing.js';
import { PositionTotals } from '../../../src/execution/positionTotals.js';
import { SeededRandom } from '../../../src/util/random.js';

const position = (symbol: string, unrealizedPnl: number, margin = 0): Position => ({
  symbol,
  strategyName: 's',
  direction: 'long',
  size: 0.1,
  entryPrice: 1.1,
  entryTime: 0,
  clientOrderId: `${symbol}:${unrealizedPnl}`,
  unrealizedPnl,
  margin,
});

/** What the valuation summed before the totals: in list order, in floating point, then to cents. */
const floatSums = (positions: readonly Position[]) => {
  let unrealized = 0;
  let margin = 0;
  for (const open of positions) {
    unrealized += open.unrealizedPnl;
    margin += open.margin ?? 0;
  }
  return [roundCents(unrealized), roundCents(margin)];
};

describe('PositionTotals', () => {
  it('gives bit for bit the cents of the float sums in list order, also after updates of a copy', () => {
    const random = new SeededRandom(11);
    const cents = () => roundCents((random.next() - 0.5) * 2_000_000) || 0.01;
    let positions = Array.from({ length: 60 }, (_, index) => position(`S${index % 20}`, cents(), cents()));
    for (let round = 0; round < 2_000; round++) {
      const totals = PositionTotals.of(positions);
      expect(totals).toBeDefined();
      expect([totals!.unrealizedCents / 100, totals!.marginCents / 100]).toEqual(floatSums(positions));
      const copy = positions.slice();
      for (const index of totals!.indicesOf(`S${round % 20}`)) {
        const valued = position(copy[index]!.symbol, cents(), cents());
        totals!.update(copy, copy[index]!, valued.unrealizedPnl, valued.margin ?? 0);
        copy[index] = valued;
      }
      // The list it was made from keeps its own totals.
      expect([totals!.unrealizedCents / 100, totals!.marginCents / 100]).toEqual(floatSums(positions));
      positions = copy;
    }
  });

  it('lists the indices of each symbol in list order', () => {
    const positions = [position('A', 1), position('B', 2), position('A', 3)];
    expect(PositionTotals.of(positions)?.indicesOf('A')).toEqual([0, 2]);
    expect(PositionTotals.of(positions)?.indicesOf('C')).toEqual([]);
  });

  it('has no totals for amounts that are not whole cents or too large to sum exactly', () => {
    expect(PositionTotals.of([position('A', 0.125)])).toBeUndefined();
    expect(PositionTotals.of([position('A', 2 ** 40)])).toBeUndefined();
    const positions = [position('A', 1), position('B', 2)];
    const copy = positions.slice();
    expect(PositionTotals.of(positions)!.update(copy, positions[0]!, 0.001, 0)).toBe(false);
    expect(PositionTotals.of(copy)).toBeUndefined();
    expect(PositionTotals.of(positions)?.unrealizedCents).toBe(300);
  });
});
