import { UserError } from '../errors/userError.js';

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
  constructor(reason: string) {
    super(`trading stopped: ${reason}`);
  }
}
