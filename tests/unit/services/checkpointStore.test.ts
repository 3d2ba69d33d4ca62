import { describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../../src/services/checkpointStore.js';

describe('MemoryCheckpointStore', () => {
  it('loads nothing for a key never saved, per service and key', () => {
    const checkpoints = new MemoryCheckpointStore();
    checkpoints.save('strategy_evaluation', 'entry_manager', { version: 1 });
    expect(checkpoints.load('strategy_evaluation', 'other')).toBeUndefined();
    expect(checkpoints.load('trade_execution', 'entry_manager')).toBeUndefined();
  });

  it('loads the last value saved, as its JSON round trip (undefined keys left out)', () => {
    const checkpoints = new MemoryCheckpointStore();
    checkpoints.save('data_fetching', 'stale_symbols', ['EURUSD']);
    checkpoints.save('data_fetching', 'stale_symbols', ['GBPUSD', 'USDJPY']);
    checkpoints.save('indicator_calculation', 'progress', { 'EURUSD|1': 60_000, gone: undefined });
    expect(checkpoints.load('data_fetching', 'stale_symbols')).toEqual(['GBPUSD', 'USDJPY']);
    const progress = checkpoints.load<Record<string, number>>('indicator_calculation', 'progress');
    expect(progress).toEqual({ 'EURUSD|1': 60_000 });
    expect(Object.keys(progress ?? {})).toEqual(['EURUSD|1']);
  });

  it('gives every load a fresh copy: changing a loaded value changes neither the store nor the saved value', () => {
    const checkpoints = new MemoryCheckpointStore();
    const saved = { slots: [{ symbol: 'EURUSD', barIndex: 3 }] };
    checkpoints.save('strategy_evaluation', 'entry_manager', saved);
    const first = checkpoints.load<typeof saved>('strategy_evaluation', 'entry_manager')!;
    first.slots[0]!.barIndex = 99;
    first.slots.push({ symbol: 'GBPUSD', barIndex: 1 });
    const second = checkpoints.load<typeof saved>('strategy_evaluation', 'entry_manager')!;
    expect(second).toEqual({ slots: [{ symbol: 'EURUSD', barIndex: 3 }] });
    expect(second).not.toBe(first);
    expect(saved).toEqual({ slots: [{ symbol: 'EURUSD', barIndex: 3 }] });
  });

  it('loads a saved undefined as undefined', () => {
    const checkpoints = new MemoryCheckpointStore();
    checkpoints.save('strategy_evaluation', 'entry_manager', undefined);
    expect(checkpoints.load('strategy_evaluation', 'entry_manager')).toBeUndefined();
  });
});
