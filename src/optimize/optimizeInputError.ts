import { UserError } from '../errors/userError.js';

/**
 * An optimisation job that cannot run as asked: an unknown parameter (the message lists those that exist), an
 * empty or malformed range, a constraint that excludes every trial, an unknown metric. Found before any trial
 * runs; the CLI prints it and exits with code 2.
 *
 * @example
 * ```ts
 * throw new OptimizeInputError('--param ema_fast.period=30:5:5: the range is empty (start 30 > end 5)');
 * ```
 */
export class OptimizeInputError extends UserError {
  override name = 'OptimizeInputError';
}
