/**
 * Options of the trading loop (`TradingSystem.run` takes its own, `RunOptions`).
 *
 * @example
 * ```ts
 * declare const orchestrator: TradingOrchestrator;
 * await orchestrator.run(0, { maxCycles: 100 } satisfies OrchestratorRunOptions);
 * ```
 */
export interface OrchestratorRunOptions {
  /** Stop after this many cycles. */
  maxCycles?: number;
  /** Checked before each cycle: stop when it returns true. */
  until?: () => boolean;
  /** Real milliseconds to wait between cycles (a replay at a chosen speed); default none. */
  paceMilliseconds?: number;
  /**
   * Checked after each cycle: while it returns true the next cycle follows without the interval or the
   * pace (a resumed run replaying the bars its checkpoint covers, before it continues live).
   */
  catchingUp?: () => boolean;
}
