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
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort()); // ends after the cycle under way; a durable run resumes
 * const options: RunOptions = { maxCandles: 5_000, onCycle: (candles) => process.stderr.write(`\r${candles} candles`), signal: controller.signal };
 * const summary = await system.run(options);
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
