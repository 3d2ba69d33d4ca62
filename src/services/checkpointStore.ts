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
  /** `value` is a snapshot its caller does not change afterwards: a store may keep it as it is until read. */
  save(service: string, key: string, value: unknown): void;
  load<T>(service: string, key: string): T | undefined;
  /**
   * Optional: read `read()` at each durable checkpoint (the end of a cycle) instead of being told on
   * every change: for state that changes on every candle (the entry manager's bar clocks). Returns a
   * function that unregisters it (a restarted service registers its new instance). `version`, when given,
   * must change whenever what `read` returns would (e.g. a change counter): the store then reads again only
   * when it did, and keeps the last value (and its JSON) otherwise. `read` returns a snapshot, serialized
   * (`JSON.stringify`, so a `toJSON` applies) only when written; it may return the same object each time,
   * changed by `read` only (a store keeps the last read value of each source, never an older one).
   */
  register?(service: string, key: string, read: () => unknown, version?: () => number): () => void;
}

/**
 * The default {@link CheckpointStore}: keeps checkpoints in memory for a process's lifetime. A saved value
 * is kept as it is and serialized when it is loaded, so a value saved again before any load (the entry
 * manager, on every order) costs no serialization; a loaded value is a fresh JSON copy, never an alias of
 * the saved one. Like every service's save, the value must be a snapshot its caller does not change
 * afterwards.
 *
 * @example
 * ```ts
 * const checkpoints = new MemoryCheckpointStore();
 * const system = await createTradingSystem(config, { checkpoints });
 * ```
 */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly values = new Map<string, unknown>();

  save(service: string, key: string, value: unknown): void {
    this.values.set(`${service}\u0000${key}`, value);
  }

  load<T>(service: string, key: string): T | undefined {
    const id = `${service}\u0000${key}`;
    if (!this.values.has(id)) return undefined;
    // JSON.stringify(undefined) is undefined: a saved undefined loads as undefined, as it did when stored.
    const text = JSON.stringify(this.values.get(id));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
}
