import { describe, expect, it } from 'vitest';
import { EntryManager } from '../../../src/strategies/entryManager.js';
import { MINUTE, T0 } from './rows.js';

const at = (i: number) => T0 + i * MINUTE;

/** Advances the EURUSD/1 clock to bar `i` and returns its index. */
function bar(manager: EntryManager, i: number): number {
  manager.advanceBar('EURUSD', '1', at(i));
  return manager.barIndex('EURUSD', '1');
}

function openLong(manager: EntryManager, i: number): void {
  const barIndex = bar(manager, i);
  manager.markEntryPending('EURUSD', 's', {
    direction: 'long',
    timeframe: '1',
    candleTime: at(i),
    barIndex,
    price: 1.1,
  });
  manager.confirmPendingOpen('EURUSD', 's', 1.1001);
}

describe('EntryManager', () => {
  it('counts bars per symbol and timeframe by new candle times, ignoring repeats and older times', () => {
    const manager = new EntryManager({ cooldownBars: 1 });
    expect(manager.barIndex('EURUSD', '1')).toBe(-1);
    expect(manager.advanceBar('EURUSD', '1', at(0))).toBe('new');
    expect(manager.advanceBar('EURUSD', '1', at(0))).toBe('repeat');
    expect(manager.advanceBar('EURUSD', '1', at(5))).toBe('new');
    expect(manager.advanceBar('EURUSD', '1', at(3))).toBe('stale');
    expect(manager.barIndex('EURUSD', '1')).toBe(1);
    expect(manager.barIndex('EURUSD', '5')).toBe(-1);
  });

  it('allows one open position per symbol and strategy, others stay free', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    openLong(manager, 0);
    const barIndex = bar(manager, 1);
    expect(manager.canEnter('EURUSD', 's', at(1), barIndex)).toEqual({
      allowed: false,
      reason: 'position_open',
    });
    expect(manager.canEnter('EURUSD', 'other', at(1), barIndex).allowed).toBe(true);
    expect(manager.canEnter('GBPUSD', 's', at(1), barIndex).allowed).toBe(true);
  });

  it('blocks a second entry on a candle with an unconfirmed entry, but not on the next candle', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    const barIndex = bar(manager, 0);
    manager.markEntryPending('EURUSD', 's', {
      direction: 'long',
      timeframe: '1',
      candleTime: at(0),
      barIndex,
      price: 1.1,
    });
    expect(manager.canEnter('EURUSD', 's', at(0), barIndex)).toEqual({
      allowed: false,
      reason: 'entry_pending',
    });
    expect(manager.position('EURUSD', 's')).toBeUndefined();
    // The order was rejected: the next candle is free, and no phantom position exists.
    expect(manager.canEnter('EURUSD', 's', at(1), bar(manager, 1)).allowed).toBe(true);
  });

  it('never allows two entries on the same candle, even after the first was opened and closed', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    openLong(manager, 0);
    manager.confirmClose('EURUSD', 's', 0);
    expect(manager.canEnter('EURUSD', 's', at(0), 0)).toEqual({ allowed: false, reason: 'same_candle' });
  });

  it('counts the cooldown in bars after the exit bar', () => {
    const manager = new EntryManager({ cooldownBars: 2 });
    openLong(manager, 0);
    const exitBar = bar(manager, 3);
    manager.markExitPending('EURUSD', 's', { candleTime: at(3), barIndex: exitBar });
    manager.confirmClose('EURUSD', 's');
    expect(manager.position('EURUSD', 's')).toBeUndefined();
    expect(manager.canEnter('EURUSD', 's', at(3), exitBar)).toEqual({ allowed: false, reason: 'cooldown' });
    expect(manager.canEnter('EURUSD', 's', at(4), bar(manager, 4))).toEqual({
      allowed: false,
      reason: 'cooldown',
    });
    expect(manager.canEnter('EURUSD', 's', at(5), bar(manager, 5))).toEqual({
      allowed: false,
      reason: 'cooldown',
    });
    expect(manager.canEnter('EURUSD', 's', at(6), bar(manager, 6))).toEqual({ allowed: true });
  });

  it('takes the exit bar from the pending exit, else the current bar of the position timeframe', () => {
    const manager = new EntryManager({ cooldownBars: 1 });
    openLong(manager, 0);
    bar(manager, 1);
    bar(manager, 2);
    manager.confirmClose('EURUSD', 's'); // a close nobody marked (e.g. manual): bar 2
    expect(manager.snapshot().slots[0]?.lastExit).toEqual({ timeframe: '1', barIndex: 2 });
  });

  it('confirmPendingOpen keeps the decision candle, bar, stop and target and uses the fill price', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    manager.markEntryPending('EURUSD', 's', {
      direction: 'short',
      timeframe: '1',
      candleTime: at(4),
      barIndex: 4,
      price: 1.1,
      stopLoss: 1.102,
      takeProfit: 1.097,
    });
    expect(manager.confirmPendingOpen('EURUSD', 's', 1.0999)).toEqual({
      direction: 'short',
      timeframe: '1',
      entryPrice: 1.0999,
      entryTime: at(4),
      barIndex: 4,
      stopLoss: 1.102,
      takeProfit: 1.097,
    });
    expect(manager.pendingEntry('EURUSD', 's')).toBeUndefined();
    expect(manager.confirmPendingOpen('EURUSD', 's', 1.1)).toBeUndefined();
  });

  it('allows one exit signal per candle while the close is unconfirmed', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    expect(manager.canExit('EURUSD', 's', at(1))).toBe(false); // nothing open
    openLong(manager, 0);
    manager.markExitPending('EURUSD', 's', { candleTime: at(1), barIndex: 1 });
    expect(manager.canExit('EURUSD', 's', at(1))).toBe(false);
    expect(manager.canExit('EURUSD', 's', at(2))).toBe(true);
  });

  it('round-trips its state through JSON: positions, pending marks, cooldowns and bar clocks', () => {
    const manager = new EntryManager({ cooldownBars: 3 });
    openLong(manager, 0);
    manager.markEntryPending('GBPUSD', 'g', {
      direction: 'short',
      timeframe: '5',
      candleTime: at(0),
      barIndex: 0,
      price: 1.3,
    });
    manager.confirmOpen('USDJPY', 'u', {
      direction: 'long',
      entryPrice: 150,
      entryTime: at(0),
      barIndex: 0,
      timeframe: '1',
    });
    manager.confirmClose('USDJPY', 'u', 1);
    const snapshot = manager.snapshot();
    const restored = new EntryManager({ cooldownBars: 3 });
    restored.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.snapshot()).toEqual(snapshot);
    expect(restored.position('EURUSD', 's')?.entryPrice).toBe(1.1001);
    expect(restored.canEnter('GBPUSD', 'g', at(0), 0).allowed).toBe(false);
    expect(restored.canEnter('USDJPY', 'u', at(3), 3)).toEqual({ allowed: false, reason: 'cooldown' });
    // The bar clock continues where it stopped.
    expect(restored.advanceBar('EURUSD', '1', at(0))).toBe('repeat');
    expect(restored.advanceBar('EURUSD', '1', at(1))).toBe('new');
    expect(restored.barIndex('EURUSD', '1')).toBe(1);
  });

  it('keeps an earlier snapshot as it was while later snapshots follow every change of a slot', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    openLong(manager, 1);
    const open = manager.snapshot();
    const again = manager.snapshot();
    expect(again).toEqual(open);
    expect(again.slots).not.toBe(open.slots);
    manager.confirmClose('EURUSD', 's', 3);
    const closed = manager.snapshot();
    expect(open.slots[0]?.position?.direction).toBe('long');
    expect(open.slots[0]?.lastExit).toBeUndefined();
    expect(closed.slots[0]?.position).toBeUndefined();
    expect(closed.slots[0]?.lastExit).toEqual({ timeframe: '1', barIndex: 3 });
    manager.markExitPending('EURUSD', 's', { candleTime: at(4), barIndex: 4 });
    expect(manager.snapshot().slots[0]?.pendingExit).toEqual({ candleTime: at(4), barIndex: 4 });
    expect(closed.slots[0]?.pendingExit).toBeUndefined();
  });

  it('copies again only the slot that changed: the other slots of a snapshot are the earlier copies', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    for (const symbol of ['EURUSD', 'GBPUSD', 'USDJPY'])
      manager.markEntryPending(symbol, 's', {
        direction: 'long',
        timeframe: '1',
        candleTime: at(0),
        barIndex: 0,
        price: 1.1,
      });
    const before = manager.snapshot();
    manager.confirmPendingOpen('GBPUSD', 's', 1.2);
    const after = manager.snapshot();
    expect(after.slots.map((slot) => slot.symbol)).toEqual(['EURUSD', 'GBPUSD', 'USDJPY']);
    expect(after.slots[0]).toBe(before.slots[0]);
    expect(after.slots[2]).toBe(before.slots[2]);
    expect(after.slots[1]).not.toBe(before.slots[1]);
    expect(after.slots[1]?.position?.entryPrice).toBe(1.2);
    expect(before.slots[1]?.position).toBeUndefined();
  });

  it('rejects a malformed snapshot', () => {
    const manager = new EntryManager({ cooldownBars: 0 });
    expect(() => manager.restore({ version: 2, bars: [], slots: [] } as never)).toThrow();
  });
});
