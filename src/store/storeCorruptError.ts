import { StoreUnavailableError } from './storeUnavailableError.js';

/**
 * The store's file (or its write-ahead log) is damaged: truncated, overwritten, or not a SQLite database.
 * Nothing is changed on disk; the message names the file and the two ways on: start over with `--fresh`
 * (which deletes it), or put back a copy from a backup. A user error (exit 2), never a silent restart.
 *
 * @example
 * ```ts
 * try { TradingStore.open('data/run.db'); } catch (error) { if (error instanceof StoreCorruptError) console.error(error.message); }
 * ```
 */
export class StoreCorruptError extends StoreUnavailableError {
  override readonly name = 'StoreCorruptError';
  constructor(path: string, reason: string, cause?: unknown) {
    super(path, cause ?? new Error(reason));
    this.message =
      `the store ${path} is damaged (${reason}); nothing was changed. Either start over with --fresh ` +
      `(deletes ${path} and everything in it), or restore ${path} from a backup (with its -wal file, if any), ` +
      'or set store.path to another file';
  }
}
