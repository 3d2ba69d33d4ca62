import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { BlockedPeriodReport } from '../execution/describeBlockedPeriods.js';

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
export class TradingSystemHaltedError extends Error {
  override readonly name = 'TradingSystemHaltedError';
  constructor(reason: string) {
    super(`trading stopped: ${reason}`);
  }
}

/**
 * Limits and progress callback of {@link TradingSystem.run}.
 *
 * @example
 * ```ts
 * const summary = await system.run({ maxCandles: 5_000, onCycle: (candles) => progress.update(candles) });
 * ```
 */
export interface RunOptions {
  /** Stop after this many base candles (default: `trading.max_candles`; live mode: unlimited). */
  maxCandles?: number;
  /** Stop after this many wall-clock seconds (default: `trading.max_duration_seconds`; live: unlimited). */
  maxDurationSeconds?: number;
  /** Called after every cycle (progress reporting). */
  onCycle?: (candles: number) => void;
}

/**
 * What a run did, for the CLI summary and for embedding programs.
 *
 * @example
 * ```ts
 * const summary: RunSummary = await system.run({ maxCandles: 2_000 });
 * console.log(summary.trades, summary.net_pnl, summary.final_equity);
 * ```
 */
export interface RunSummary {
  candles: number;
  entry_signals: number;
  exit_signals: number;
  orders: number;
  trades: number;
  blocked: number;
  net_pnl: number;
  balance: number;
  final_equity: number;
  open_positions: number;
  /** Every period in which new entries were blocked, with reason, detail and length. */
  blocked_periods?: BlockedPeriodReport[];
  /** Stop-outs: every position closed because equity fell to `trading.stop_out_percent` of the margin. */
  margin_calls?: number;
  /** Orders the broker refused (`insufficient_margin`, ...). */
  rejected_orders?: number;
  metrics: ReturnType<TradingOrchestrator['getAllMetrics']>;
}
