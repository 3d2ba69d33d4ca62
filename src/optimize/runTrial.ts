import pino from 'pino';
import type { PerformanceSummary } from '../backtest/performanceSummary.js';
import { runBacktest } from '../backtest/runBacktest.js';
import type { SystemConfigInput } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import type { DataSource } from '../market/dataSource.js';
import type { StrategyDefinition } from '../strategies/defineStrategy.js';
import { type ParameterTarget, withParameter } from './parameterTarget.js';
import type { Trial } from './trialPlan.js';

/**
 * A range of bars (indexes into the job's candles, `to` exclusive): the whole data, or one walk-forward window.
 *
 * @example
 * ```ts
 * const window: BarWindow = { from: 5_000, to: 10_000, label: 'window 2', warmup: 500 };
 * ```
 */
export interface BarWindow {
  from: number;
  to: number;
  label: string;
  /**
   * Bars just before `from` replayed first, so the window trades from its first bar with warm indicators.
   * They only build indicators and higher timeframes: nothing trades on them and no statistic counts them.
   */
  warmup?: number;
}

/**
 * What one trial produced on one window: its statistics, or the error that ended it.
 *
 * @example
 * ```ts
 * const outcome: TrialOutcome = { trialId: 3, window: 'all', error: 'worker died twice' };
 * if (outcome.error === undefined) console.log(outcome.trialId, outcome.statistics?.sharpe_ratio);
 * ```
 */
export interface TrialOutcome {
  trialId: number;
  window: string;
  statistics?: PerformanceSummary;
  error?: string;
}

/**
 * Everything a trial needs besides its values; the same for every trial of a job.
 *
 * @example
 * ```ts
 * declare const targets: ParameterTarget[]; // one per tuned parameter
 * const job: TrialJob = { config, targets, symbol: 'MSFT', baseTimeframe: '1440' };
 * ```
 */
export interface TrialJob {
  config: SystemConfigInput;
  targets: readonly ParameterTarget[];
  symbol: string;
  /** Minutes per bar of the data (as the CSV file's spacing gives it). */
  baseTimeframe: string;
  strategies?: ReadonlyArray<StrategyDefinition<unknown>>;
}

/**
 * The configuration of one trial: the job's configuration with the trial's values applied.
 *
 * @example
 * ```ts
 * const config = trialConfig(job, { id: 3, values: { 'ema_fast.period': 10 } });
 * ```
 */
export function trialConfig(job: Pick<TrialJob, 'config' | 'targets'>, trial: Trial): SystemConfigInput {
  let config = job.config;
  for (const target of job.targets) {
    const value = trial.values[target.name];
    if (value !== undefined) config = withParameter(config, target, value);
  }
  return config;
}

/**
 * One silent logger for every trial of a thread. The services' child loggers take it as their prototype:
 * a new root per trial would give each trial's loggers new hidden classes, and V8 would throw away the code
 * it optimised for the previous trial's (a deoptimisation and a recompilation per trial, on every hot path
 * that logs).
 */
const silentLogger = pino({ level: 'silent' });

/**
 * A replay of the window's bars; synchronous, so the backtest takes its fast path. Its warm-up bars go to the
 * data manager before the first cycle (`DataSource.warmUp`), as a live feed's start-up history does.
 */
function windowSource(job: TrialJob, candles: readonly Candle[], window: BarWindow): DataSource {
  const warmup = Math.min(window.warmup ?? 0, window.from);
  let index = window.from - warmup;
  return {
    name: 'optimize',
    baseTimeframe: job.baseTimeframe,
    next: (symbol) => (symbol === job.symbol && index < window.to ? candles[index++] : undefined),
    isExhausted: () => index >= window.to,
    ...(warmup > 0
      ? {
          warmUp: async (manager) => {
            await manager.poll(job.symbol, warmup);
          },
        }
      : {}),
  };
}

/**
 * Runs one trial as a complete backtest through the same supervised actors and services as
 * `tradestate backtest` (`runBacktest`), in memory, without a store or log output.
 *
 * @example
 * ```ts
 * const outcome = await runTrial(job, trial, candles, { from: 0, to: candles.length, label: 'all' });
 * ```
 */
export async function runTrial(
  job: TrialJob,
  trial: Trial,
  candles: readonly Candle[],
  window: BarWindow,
): Promise<
  TrialOutcome & {
    trips?: Awaited<ReturnType<typeof runBacktest>>['trips'];
    equity?: Awaited<ReturnType<typeof runBacktest>>['equity'];
  }
> {
  try {
    const result = await runBacktest(trialConfig(job, trial), {
      dataSource: windowSource(job, candles, window),
      logger: silentLogger,
      ...(job.strategies ? { strategies: job.strategies } : {}),
    });
    return {
      trialId: trial.id,
      window: window.label,
      statistics: result.summary,
      trips: result.trips,
      equity: result.equity,
    };
  } catch (error) {
    return {
      trialId: trial.id,
      window: window.label,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
