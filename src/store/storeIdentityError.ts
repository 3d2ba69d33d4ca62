import { UserError } from '../errors/userError.js';

/** One run-identity key whose stored value differs from the current run's. */
export interface IdentityMismatch {
  key: string;
  stored: string;
  current: string;
}

/**
 * The store holds the state of a different run (another config hash or data file): resuming it would mix
 * two runs' positions and checkpoints. Start over with `--fresh`, or point `store.path` elsewhere.
 *
 * @example
 * ```ts
 * try {
 *   TradingStore.open(path, { identity: { config_hash: hash, data_file: file } });
 * } catch (error) {
 *   if (error instanceof StoreIdentityError) console.error(error.message); // names each differing key
 * }
 * ```
 */
export class StoreIdentityError extends UserError {
  override readonly name = 'StoreIdentityError';

  constructor(
    readonly path: string,
    readonly mismatches: readonly IdentityMismatch[],
  ) {
    const lines = mismatches.map(
      (mismatch) => `  ${mismatch.key}: store has "${mismatch.stored}", this run has "${mismatch.current}"`,
    );
    super(
      `store ${path} belongs to a different run, refusing to resume:\n${lines.join('\n')}\n` +
        'run with --fresh to start over (deletes the store), or set store.path to another file',
    );
  }
}
