import { UserError } from './userError.js';

/**
 * A command line the command cannot act on (unknown flag, missing or invalid value). `main` prints the
 * message and a pointer to `--help`, and exits with code 2; never a stack trace.
 *
 * @example
 * ```ts
 * throw new UsageError('--format must be yaml or json, got "xml"');
 * ```
 */
export class UsageError extends UserError {
  override name = 'UsageError';
}
