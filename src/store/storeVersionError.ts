import { UserError } from '../errors/userError.js';

/**
 * The database was written by a newer tradestate: its schema version is above the last migration this code
 * knows. Opening it anyway could corrupt it (an older writer does not know the newer tables' rules), so
 * the store refuses and names both versions.
 *
 * @example
 * ```ts
 * try {
 *   TradingStore.open('./data/tradestate.db');
 * } catch (error) {
 *   if (error instanceof StoreVersionError) console.error(`upgrade tradestate: ${error.message}`);
 * }
 * ```
 */
export class StoreVersionError extends UserError {
  override readonly name = 'StoreVersionError';

  constructor(
    /** The schema version found in the file. */
    readonly foundVersion: number,
    /** The newest schema version this code knows. */
    readonly supportedVersion: number,
    readonly path: string,
  ) {
    super(
      `store ${path} has schema version ${foundVersion}, but this tradestate knows only up to version ` +
        `${supportedVersion}: upgrade tradestate, or start over with --fresh (which deletes the store)`,
    );
  }
}
