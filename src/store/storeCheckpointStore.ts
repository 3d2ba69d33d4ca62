import type { CheckpointStore } from '../services/checkpointStore.js';
import type { TradingStore } from './tradingStore.js';

/**
 * The services' {@link CheckpointStore} over the {@link TradingStore}. A `save` is kept in memory until
 * {@link flush}, which the trading system calls at the end of each cycle inside the cycle's checkpoint
 * transaction: the checkpoints on disk then always describe the same cycle boundary (the entry manager
 * never runs ahead of the data service's last candle), and a cycle costs one commit, not one per save.
 *
 * @example
 * ```ts
 * const checkpoints = new StoreCheckpointStore(store);
 * checkpoints.save('strategy_evaluation', 'entry_manager', snapshot);
 * store.transaction(() => checkpoints.flush());
 * ```
 */
export class StoreCheckpointStore implements CheckpointStore {
  private readonly unsaved = new Map<string, { service: string; key: string; text: string }>();
  private readonly sources = new Map<string, { service: string; key: string; read: () => unknown }>();

  constructor(private readonly store: TradingStore) {}

  save(service: string, key: string, value: unknown): void {
    // Serialized now, so that a later change of the live object does not leak into this cycle's checkpoint.
    this.unsaved.set(`${service}\u0000${key}`, { service, key, text: JSON.stringify(value) });
  }

  load<T>(service: string, key: string): T | undefined {
    const unsaved = this.unsaved.get(`${service}\u0000${key}`);
    if (unsaved !== undefined) return JSON.parse(unsaved.text) as T;
    return this.store.loadCheckpoint<T>(service, key);
  }

  register(service: string, key: string, read: () => unknown): () => void {
    const id = `${service}\u0000${key}`;
    const source = { service, key, read };
    this.sources.set(id, source);
    return () => {
      if (this.sources.get(id) === source) this.sources.delete(id);
    };
  }

  /** Writes every save since the last flush and every registered value; call inside the cycle's transaction. */
  flush(): void {
    for (const [id, { service, key, text }] of this.unsaved) {
      if (!this.sources.has(id)) this.store.saveCheckpointJson(service, key, text);
    }
    this.unsaved.clear();
    for (const { service, key, read } of this.sources.values())
      this.store.saveCheckpoint(service, key, read());
  }
}
