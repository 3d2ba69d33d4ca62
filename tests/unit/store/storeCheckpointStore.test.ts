import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreCheckpointStore } from '../../../src/store/storeCheckpointStore.js';
import { TradingStore } from '../../../src/store/tradingStore.js';

describe('StoreCheckpointStore', () => {
  afterEach(() => vi.restoreAllMocks());

  it('serializes no save of a key with a registered source, and writes the source read at capture', () => {
    const store = TradingStore.open(':memory:');
    const checkpoints = new StoreCheckpointStore(store);
    let live = { slots: 1 };
    checkpoints.register('strategy_evaluation', 'entry_manager', () => ({ ...live }));
    const stringify = vi.spyOn(JSON, 'stringify');
    checkpoints.save('strategy_evaluation', 'entry_manager', { slots: 2 });
    checkpoints.save('strategy_evaluation', 'entry_manager', { slots: 3 });
    expect(stringify).not.toHaveBeenCalled();
    // Within the cycle a load answers with the last save, as a copy.
    const loaded = checkpoints.load<{ slots: number }>('strategy_evaluation', 'entry_manager');
    expect(loaded).toEqual({ slots: 3 });
    stringify.mockRestore();
    live = { slots: 4 };
    store.transaction(() => checkpoints.flush());
    expect(store.loadCheckpoint('strategy_evaluation', 'entry_manager')).toEqual({ slots: 4 });
    store.close();
  });

  it('answers and writes a captured source over a save of its key captured before it registered', () => {
    const store = TradingStore.open(':memory:');
    const checkpoints = new StoreCheckpointStore(store);
    checkpoints.save('strategy_evaluation', 'entry_manager', { slots: 1 });
    checkpoints.capture();
    checkpoints.register('strategy_evaluation', 'entry_manager', () => ({ slots: 2 }));
    checkpoints.capture();
    expect(checkpoints.load('strategy_evaluation', 'entry_manager')).toEqual({ slots: 2 });
    store.transaction(() => checkpoints.write());
    expect(store.loadCheckpoint('strategy_evaluation', 'entry_manager')).toEqual({ slots: 2 });
    // Written: nothing captured is left, so a load reads the store.
    expect(checkpoints.load('strategy_evaluation', 'entry_manager')).toEqual({ slots: 2 });
    store.close();
  });

  it('serializes a save of a key without a source at once: a later change of the object is not written', () => {
    const store = TradingStore.open(':memory:');
    const checkpoints = new StoreCheckpointStore(store);
    const progress = { EURUSD: 60_000 };
    checkpoints.save('indicator_calculation', 'progress', progress);
    progress.EURUSD = 120_000;
    store.transaction(() => checkpoints.flush());
    expect(store.loadCheckpoint('indicator_calculation', 'progress')).toEqual({ EURUSD: 60_000 });
    store.close();
  });

  it('reads a source with a version again only when the version moved, and reuses the JSON written', () => {
    const store = TradingStore.open(':memory:');
    const checkpoints = new StoreCheckpointStore(store);
    let version = 1;
    let live = { working: 0 };
    const read = vi.fn(() => ({ ...live }));
    checkpoints.register('trade_execution', 'executor', read, () => version);
    store.transaction(() => checkpoints.flush());
    const stringify = vi.spyOn(JSON, 'stringify');
    // Unchanged: neither read nor serialized again, and the same value written.
    for (let cycle = 0; cycle < 3; cycle++) store.transaction(() => checkpoints.flush());
    expect(read).toHaveBeenCalledTimes(1);
    expect(stringify).not.toHaveBeenCalled();
    expect(store.loadCheckpoint('trade_execution', 'executor')).toEqual({ working: 0 });
    stringify.mockRestore();
    // Changed: read and written at the next capture, even when the write comes later.
    live = { working: 2 };
    version = 2;
    checkpoints.capture();
    live = { working: 3 };
    store.transaction(() => checkpoints.write());
    expect(read).toHaveBeenCalledTimes(2);
    expect(store.loadCheckpoint('trade_execution', 'executor')).toEqual({ working: 2 });
    store.close();
  });
});
