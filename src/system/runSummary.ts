import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { BlockedPeriodReport } from '../execution/describeBlockedPeriods.js';
import type { SupervisionSummary } from './supervisionRecorder.js';

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
  /** What supervision did: failures, restarts, escalation, the affected period and the exit code. */
  supervision: SupervisionSummary;
}
