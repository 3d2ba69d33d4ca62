import { describe, expect, it } from 'vitest';
import { EntryManager } from '../../../src/strategies/entryManager.js';
import { MINUTE, T0 } from './rows.js';

function open(manager: EntryManager, symbol: string, strategyName: string, price: number): void {
  manager.advanceBar(symbol, '1', T0);
  manager.markEntryPending(symbol, strategyName, {
    direction: 'long',
    timeframe: '1',
    candleTime: T0,
    barIndex: manager.barIndex(symbol, '1'),
    price,
  });
  manager.confirmPendingOpen(symbol, strategyName, price);
}

describe('EntryManager.openPositions', () => {
  it('lists the confirmed positions of every symbol and strategy, and not a pending entry', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    open(manager, 'EURUSD', 'ema', 1.1);
    open(manager, 'GBPUSD', 'rsi', 1.27);
    manager.advanceBar('USDJPY', '1', T0 + MINUTE);
    manager.markEntryPending('USDJPY', 'ema', {
      direction: 'short',
      timeframe: '1',
      candleTime: T0 + MINUTE,
      barIndex: manager.barIndex('USDJPY', '1'),
      price: 150,
    });
    expect(
      manager
        .openPositions()
        .map(({ symbol, strategyName, position }) => [symbol, strategyName, position.direction]),
    ).toEqual([
      ['EURUSD', 'ema', 'long'],
      ['GBPUSD', 'rsi', 'long'],
    ]);
  });

  it('hands out copies: changing a listed position does not change the manager', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    open(manager, 'EURUSD', 'ema', 1.1);
    const [listed] = manager.openPositions();
    listed!.position.direction = 'short';
    expect(manager.position('EURUSD', 'ema')?.direction).toBe('long');
  });
});
