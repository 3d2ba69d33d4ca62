/**
 * Where services keep what they need to resume after a restart (entry-manager positions, last candles).
 * The default lives in memory for the life of the process; the SQLite store makes it durable.
 *
 * @example
 * ```ts
 * const manager = new EntryManager({ cooldownBars: 3 });
 * const checkpoints = new MemoryCheckpointStore();
 * checkpoints.save('strategy_evaluation', 'entry_manager', manager.snapshot());
 * const restored = checkpoints.load<EntryManagerState>('strategy_evaluation', 'entry_manager');
 * ```
 */
export interface CheckpointStore {
  save(service: string, key: string, value: unknown): void;
  load<T>(service: string, key: string): T | undefined;
  /**
   * Optional: read `read()` at each durable checkpoint (the end of a cycle) instead of being told on
   * every change: for state that changes on every candle (the entry manager's bar clocks). Returns a
   * function that unregisters it (a restarted service registers its new instance).
   */
  register?(service: string, key: string, read: () => unknown): () => void;
}

/**
 * The default {@link CheckpointStore}: keeps checkpoints in memory (JSON copies), for a process's lifetime.
 *
 * @example
 * ```ts
 * const checkpoints = new MemoryCheckpointStore();
 * const system = await createTradingSystem(config, { checkpoints });
 * ```
 */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly values = new Map<string, string>();

  save(service: string, key: string, value: unknown): void {
    // Stored as JSON so a restored value never aliases live state, as with a real store.
    this.values.set(`${service}\u0000${key}`, JSON.stringify(value));
  }

  load<T>(service: string, key: string): T | undefined {
    const text = this.values.get(`${service}\u0000${key}`);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
}
