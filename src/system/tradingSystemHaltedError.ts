import { exitCodes } from '../errors/exitCodes.js';
import { UserError } from '../errors/userError.js';
import type { RunSummary } from './runSummary.js';

/**
 * A run ended because a service failed beyond what supervision allows; the message names it and why.
 *
 * @example
 * ```ts
 * try { await system.run(); } catch (error) {
 *   if (error instanceof TradingSystemHaltedError) console.error(error.message); // 'trading stopped: ...'
 * } finally { await system.stop(); }
 * ```
 */
export class TradingSystemHaltedError extends UserError {
  override readonly name = 'TradingSystemHaltedError';
  constructor(
    reason: string,
    /** What the run did up to the halt, `supervision` included. */
    readonly summary?: RunSummary,
  ) {
    super(`trading stopped: ${reason}`, { exitCode: exitCodes.degraded });
  }
}
