import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
import type { BlockedPeriodReport } from '../execution/describeBlockedPeriods.js';
import type { SupervisionSummary } from './supervisionRecorder.js';

/**
 * How the system is driven: as fast as possible on market time, paced by `fetch_interval`, or a backtest.
 *
 * @example
 * ```ts
 * const system = await createTradingSystem(config, { mode: 'backtest' }); // synchronous bus, market time
 * ```
 */
export type TradingSystemMode = 'accelerated' | 'live' | 'backtest';

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
  /**
   * Aborted: the loop ends after the cycle under way, as at `maxCandles` (that cycle counted and
   * checkpointed), but the run is not finished: a durable run resumes from there.
   */
  signal?: AbortSignal;
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
  /** What supervision did: failures, restarts, escalation, the affected period and the exit code. */
  supervision: SupervisionSummary;
}
