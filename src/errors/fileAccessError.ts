import { UserError } from './userError.js';

/**
 * A file or directory the caller named that cannot be used as asked: a data file that is missing, a
 * directory or unreadable; an output directory that is a file, read-only or on `/proc`. Found before
 * anything runs, so nothing is half done. `option` names what the path was given as (`data`,
 * `outDirectory`, `--out`), `path` the path, `reason` what is wrong with it.
 *
 * @example
 * ```ts
 * try {
 *   await CsvDataSource.fromFile('prices/');
 * } catch (error) {
 *   if (error instanceof FileAccessError) console.error(error.option, error.reason);
 *   // data file prices/: expected a file, got a directory: /work/prices
 * }
 * ```
 */
export class FileAccessError extends UserError {
  override readonly name = 'FileAccessError';

  constructor(
    /** What the path was given as, in the caller's words (`data file`, `outDirectory`). */
    readonly option: string,
    readonly path: string,
    /** What is wrong, with the resolved path. */
    readonly reason: string,
  ) {
    super(`${option} ${path}: ${reason}`);
  }
}
