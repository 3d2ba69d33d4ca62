import { UserError } from '../errors/userError.js';

/**
 * A service failed to start: the orchestrator stopped the ones already started. A start builds each
 * service from what the user gave (configuration, the store's checkpoints, a strategy module, a broker or
 * server to reach), so the command line reports it as the user's to fix: the message, exit code 2.
 *
 * @example
 * ```ts
 * try { await system.start(); } catch (error) {
 *   if (error instanceof ServiceStartError) console.error(error.message); // names the service and why
 * }
 * ```
 */
export class ServiceStartError extends UserError {
  override readonly name = 'ServiceStartError';
}
