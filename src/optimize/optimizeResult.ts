import type { EquityPoint, PerformanceSummary, RoundTrip } from '../backtest/performanceSummary.js';
import type { SystemConfig } from '../config/systemConfig.js';

/**
 * One trial's result: its values, the metric and every statistic on the ranking window, and its in-sample
 * and out-of-sample metric when a split or walk-forward was asked for.
 *
 * @example
 * ```ts
 * const result = await optimize({ data: 'examples/data/msft_2000_2001_daily.csv', parameters: ['ema_fast.period=5:30:5'] });
 * console.log(result.best.values, result.best.metric, result.best.statistics?.trades);
 * ```
 */
export interface TrialResult {
  id: number;
  values: Record<string, number>;
  status: 'ok' | 'failed';
  error?: string;
  metric: number | null;
  statistics?: PerformanceSummary;
  inSample?: number | null;
  outOfSample?: number | null;
}

/**
 * One walk-forward fold (or the single train/test split): the trial that won in-sample and how it did on the
 * next window.
 *
 * @example
 * ```ts
 * const result = await optimize({ data: 'msft.csv', parameters: ['ema_fast.period=5:30:5'], walkForward: 2 });
 * for (const fold of result.validation?.folds ?? []) console.log(fold.train, fold.bestTrialId, fold.inSample, fold.outOfSample);
 * ```
 */
export interface FoldResult {
  fold: number;
  train: { start: string; end: string; bars: number };
  test: { start: string; end: string; bars: number };
  bestTrialId: number;
  values: Record<string, number>;
  inSample: number | null;
  outOfSample: number | null;
}

/**
 * What {@link optimize} returns.
 *
 * @example
 * ```ts
 * const result = await optimize({ data: 'msft.csv', symbol: 'MSFT', parameters: ['ema_fast.period=5:30:5'] });
 * console.log(result.ranking.slice(0, 5).map((trial) => [trial.values, trial.metric]));
 * ```
 */
export interface OptimizeResult {
  metric: { name: string; statistic: string; maximise: boolean };
  parameters: { name: string; describe: string; values: number[] }[];
  symbol: string;
  data: { file?: string; bars: number; start: string; end: string; baseTimeframe: string };
  /** Trials in plan order. */
  trials: TrialResult[];
  /** Trials best first (failed ones last). */
  ranking: TrialResult[];
  best: TrialResult;
  /** The configuration of the best trial (secrets left out). */
  bestConfig: SystemConfig;
  /** The best trial run again in this process on the ranking window: its equity curve and trades. */
  bestRun: { equity: EquityPoint[]; trips: RoundTrip[] };
  validation?: {
    kind: 'split' | 'walk_forward';
    folds: FoldResult[];
    /** Set when the best trials do much worse out of sample than in sample. */
    warning?: string;
  };
  /** The ranking window ("all", or "train" with a split). */
  rankedOn: { label: string; to?: string };
  elapsedSeconds: number;
  workers: number;
  failedTrials: number;
}
