import { UserError } from '../errors/userError.js';

/**
 * The operations endpoint could not listen (address in use, address not available, permission denied).
 * Carries the host and port it tried and the system error code.
 *
 * @example
 * ```ts
 * try {
 *   await startOperationsServer(system, { port: 9464, logger });
 * } catch (error) {
 *   if (error instanceof OperationsServerError) console.error(error.message); // "... 127.0.0.1:9464: EADDRINUSE"
 * }
 * ```
 */
export class OperationsServerError extends UserError {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`operations endpoint cannot listen on ${host}:${port}: ${code ?? 'unknown error'}`, options);
    this.name = 'OperationsServerError';
  }
}
