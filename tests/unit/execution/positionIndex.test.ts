import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { positionIndices } from '../../../src/execution/positionIndex.js';
import { at, makeConfig, order } from './executionFixtures.js';

describe('positionIndices', () => {
  it("lists where each symbol's positions are, in list order, and nothing for a symbol without any", () => {
    const base = { strategyName: 's', direction: 'long' as const, size: 0.1, entryPrice: 1, entryTime: 0 };
    const positions = ['A', 'B', 'A', 'C'].map((symbol, index) => ({
      ...base,
      symbol,
      clientOrderId: `${index}`,
      unrealizedPnl: 0,
    }));
    expect(positionIndices(positions, 'A')).toEqual([0, 2]);
    expect(positionIndices(positions, 'C')).toEqual([3]);
    expect(positionIndices(positions, 'D')).toEqual([]);
  });

  it("follows the paper broker's list through fills and marks", () => {
    const broker = new PaperBroker({ trading: makeConfig({ symbols: ['EURUSD', 'GBPUSD'] }).trading });
    const held = (symbol: string) =>
      broker.positionIndices(symbol).map((index) => broker.getPositions()[index]!.strategyName);
    broker.placeOrder(order({ strategyName: 'a' }));
    broker.placeOrder(
      order({ symbol: 'GBPUSD', strategyName: 'b', clientOrderId: 'b', referencePrice: 1.25 }),
    );
    broker.placeOrder(order({ strategyName: 'c', clientOrderId: 'c' }));
    broker.markToMarket('EURUSD', 1.102, at('2025-01-06T10:05:00Z'));
    expect(held('EURUSD')).toEqual(['a', 'c']);
    expect(held('GBPUSD')).toEqual(['b']);
    broker.placeOrder(
      order({ intent: 'close', strategyName: 'a', clientOrderId: 'a2', referencePrice: 1.102 }),
    );
    expect(held('EURUSD')).toEqual(['c']);
  });
});
