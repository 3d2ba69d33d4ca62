import { describe, expect, it } from 'vitest';
import { EntryManager } from '../../../src/strategies/entryManager.js';
import { MINUTE, T0 } from './rows.js';

const at = (i: number) => T0 + i * MINUTE;

function openLong(manager: EntryManager, i: number): void {
  manager.advanceBar('EURUSD', '1', at(i));
  manager.markEntryPending('EURUSD', 's', {
    direction: 'long',
    timeframe: '1',
    candleTime: at(i),
    barIndex: manager.barIndex('EURUSD', '1'),
    price: 1.1,
  });
  manager.confirmPendingOpen('EURUSD', 's', 1.1001);
}

describe('EntryManagerCapture', () => {
  it('serializes to the snapshot of the moment it was last taken, through clock additions and slot changes', () => {
    const manager = new EntryManager({ cooldownBars: 1 });
    const capture = manager.capture();
    expect(JSON.stringify(capture.take())).toBe(JSON.stringify(manager.snapshot()));
    manager.advanceBar('EURUSD', '1', at(0));
    expect(JSON.stringify(capture.take())).toBe(JSON.stringify(manager.snapshot()));
    manager.advanceBar('EURUSD', '5', at(0));
    manager.advanceBar('GBPUSD', '1', at(0));
    openLong(manager, 1);
    const taken = JSON.stringify(capture.take());
    expect(taken).toBe(JSON.stringify(manager.snapshot()));
    // Moving on without a take leaves the capture at its moment.
    manager.advanceBar('EURUSD', '1', at(2));
    manager.confirmClose('EURUSD', 's', manager.barIndex('EURUSD', '1'));
    expect(JSON.stringify(capture)).toBe(taken);
    expect(JSON.stringify(capture.take())).toBe(JSON.stringify(manager.snapshot()));
  });

  it('follows a restore, which replaces every clock', () => {
    const manager = new EntryManager({ cooldownBars: 1 });
    const capture = manager.capture();
    openLong(manager, 0);
    capture.take();
    const other = new EntryManager({ cooldownBars: 1 });
    other.advanceBar('USDJPY', '15', at(3));
    manager.restore(other.snapshot());
    expect(JSON.parse(JSON.stringify(capture.take()))).toEqual(other.snapshot());
  });
});
