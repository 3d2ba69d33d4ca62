import type { TradingOrchestrator } from '../actors/tradingOrchestrator.js';
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
  /** Exit code of the CLI for a run that supervision stopped (see the README's exit codes). */
  readonly exitCode = 3;
  constructor(
    reason: string,
    /** What the run did up to the halt, `supervision` included. */
    readonly summary?: RunSummary,
  ) {
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
  metrics: ReturnType<TradingOrchestrator['getAllMetrics']>;
  /** What supervision did: failures, restarts, escalation, the affected period and the exit code. */
  supervision: SupervisionSummary;
}
