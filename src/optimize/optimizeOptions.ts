import type { SystemConfig, SystemConfigInput } from '../config/systemConfig.js';
import type { Candle } from '../events/candle.js';
import type { TrialRuntime } from './localTrialExecutor.js';
import type { OptimizeWorkerData } from './optimizeWorker.js';
import type { ParameterRange } from './parameterRange.js';
import type { TrialExecutor } from './trialExecutor.js';

/**
 * The data of a job: a CSV file (parsed once, here), or candles you already have.
 *
 * @example
 * ```ts
 * const { candles } = await CsvDataSource.fromFile('examples/data/msft_2000_2001_daily.csv', { symbol: 'MSFT' });
 * const data: OptimizeData = { candles, symbol: 'MSFT', baseTimeframe: '1440' };
 * ```
 */
export type OptimizeData =
  | string
  | { candles: readonly Candle[]; symbol: string; baseTimeframe: string; file?: string };

/**
 * Options of {@link optimize}.
 *
 * @example
 * ```ts
 * const options: OptimizeOptions = { config: 'examples/config/stocks.yaml', data: 'examples/data/msft_2000_2001_daily.csv',
 *   symbol: 'MSFT', parameters: ['ema_fast.period=5:30:5', 'ema_slow.period=20:100:10'], metric: 'sharpe' };
 * ```
 */
export interface OptimizeOptions {
  /** The configuration trials start from: a YAML path, a partial object, or a resolved configuration. */
  config?: SystemConfig | SystemConfigInput | string;
  data: OptimizeData;
  /** Symbol of the data (default: `trading.symbol`). */
  symbol?: string;
  /** `name=start:end:step`, `name=a,b,c`, or ranges already parsed. */
  parameters: ReadonlyArray<string | ParameterRange>;
  /** Conditions every trial meets, e.g. `ema_fast.period < ema_slow.period`. */
  constraints?: readonly string[];
  method?: 'grid' | 'random';
  /** Trials drawn by `random` (default 100). */
  samples?: number;
  /** Seed of `random` (default 42). */
  seed?: number;
  /** Statistic to rank by (default `sharpe`); see `OptimizationMetric`. */
  metric?: string;
  /** Workers running trials at once (default: one per core). */
  workers?: number;
  /** Whether local workers are child processes or worker threads (default `thread`; see `TrialRuntime`). */
  runtime?: TrialRuntime;
  /** Rolling walk-forward: the data cut into `walkForward + 1` windows, each trained on and tested on the next. */
  walkForward?: number;
  /** Train/test split: bars up to this date (inclusive) are in-sample, the rest out-of-sample. */
  trainUntil?: string;
  /** A `--strategies` module with your own strategy types (loaded in every worker). */
  strategiesModule?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Where trials run (default: worker threads on this machine). */
  executor?: (data: OptimizeWorkerData) => TrialExecutor | Promise<TrialExecutor>;
  onProgress?: (progress: OptimizeProgress) => void;
  /**
   * Told, before the trials start, what the data says about the symbol's instrument profile (a coin's tick
   * taken from its prices, a stock set up like a currency pair); default: written to stderr.
   */
  onNotice?: (line: string) => void;
}

/**
 * Progress of a job, after each finished task.
 *
 * @example
 * ```ts
 * await optimize({
 *   data: 'examples/data/msft_2000_2001_daily.csv',
 *   parameters: ['ema_fast.period=5:30:5'],
 *   onProgress: ({ done, total, best }) => console.log(`${done}/${total} best ${best?.metric}`),
 * });
 * ```
 */
export interface OptimizeProgress {
  done: number;
  total: number;
  best?: { trialId: number; metric: number | null; values: Record<string, number> };
}
