import type { Clock } from '../util/clock.js';

/**
 * Options of {@link TradingStore.open}.
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db', { fresh: true });
 * ```
 */
export interface TradingStoreOptions {
  /** Delete the store's files (and so all its data) before opening: `--fresh`. */
  fresh?: boolean;
  /**
   * The run's identity (e.g. `{ config_hash, data_file }`): written on first open, compared on later ones;
   * a difference throws {@link StoreIdentityError} (resume refused) unless `fresh`.
   */
  identity?: Record<string, string>;
  /**
   * `full` (default): every commit is fsynced before it returns, so a SIGKILL or power loss never loses a
   * committed order. `normal`: WAL commits are fsynced at checkpoints only; a process kill loses nothing,
   * a power loss may lose the last commits. Ignored for `:memory:`.
   */
  durability?: 'full' | 'normal';
  /** Source of `updated_at` times (a SimulatedClock in backtests); default wall time. */
  clock?: Pick<Clock, 'now'>;
}
