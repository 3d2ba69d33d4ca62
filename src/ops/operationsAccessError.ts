import { UserError } from '../errors/userError.js';
/**
 * The operations endpoint's settings would expose it unsafely: a non-loopback address without
 * `allow_remote: true`, or remote access without a token or basic auth. The message names the setting.
 *
 * @example
 * ```ts
 * try { await startOperationsServer(system, { host: '0.0.0.0', port: 9464, logger }); }
 * catch (error) { if (error instanceof OperationsAccessError) console.error(error.message); } // exit 2 in the CLI
 * ```
 */
export class OperationsAccessError extends UserError {
  override readonly name = 'OperationsAccessError';
}
