import { UserError } from '../errors/userError.js';

/**
 * The SQLite store could not be opened: most often better-sqlite3's native module was not built (an install
 * with `--ignore-scripts`, or a Node.js version it was not built for), or the path is not writable.
 *
 * @example
 * ```ts
 * try { TradingStore.open('./data/tradestate.db'); } catch (error) { if (error instanceof StoreUnavailableError) console.error(error.message); }
 * ```
 */
export class StoreUnavailableError extends UserError {
  override readonly name: string = 'StoreUnavailableError';
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    const hint = /bindings|NODE_MODULE_VERSION|invalid ELF|\.node/.test(reason)
      ? " (better-sqlite3's native module is missing or built for another Node.js: run `npm rebuild better-sqlite3`)"
      : '';
    super(`cannot open the store ${path}: ${reason}${hint}`);
  }
}
