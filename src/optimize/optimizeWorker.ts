import type { Candle } from '../events/candle.js';
import { loadStrategyModule } from '../cli/loadStrategyModule.js';
import { type BarWindow, runTrial, type TrialJob, type TrialOutcome } from './runTrial.js';
import { SharedCandles } from './sharedCandles.js';
import type { Trial } from './trialPlan.js';

/**
 * What a worker thread is given once, at start (piscina's `workerData`): the packed candles and the job.
 *
 * @example
 * ```ts
 * const data: OptimizeWorkerData = { candles: shared.buffer, job, strategiesModule: undefined };
 * ```
 */
export interface OptimizeWorkerData {
  candles: SharedArrayBuffer | Uint8Array;
  job: Omit<TrialJob, 'strategies'>;
  /** A `--strategies` module to load in the worker (functions cannot cross threads). */
  strategiesModule?: string;
  cwd?: string;
}

/**
 * One unit of work: a trial on a window.
 *
 * @example
 * ```ts
 * const task: OptimizeTask = { trial: { id: 0, values: { 'ema_fast.period': 5 } }, window: { from: 0, to: 500, label: 'all' } };
 * ```
 */
export interface OptimizeTask {
  trial: Trial;
  window: BarWindow;
}

let prepared: { job: TrialJob; candles: Candle[] } | undefined;

/**
 * Builds the worker's job once (candles unpacked, strategies module loaded) and reuses it for every task.
 *
 * @example
 * ```ts
 * const outcome = await runOptimizeTask(data, task);
 * ```
 */
export async function runOptimizeTask(data: OptimizeWorkerData, task: OptimizeTask): Promise<TrialOutcome> {
  if (prepared === undefined) {
    const strategies = data.strategiesModule
      ? await loadStrategyModule(data.strategiesModule, data.cwd ?? process.cwd())
      : undefined;
    prepared = {
      job: { ...data.job, ...(strategies ? { strategies } : {}) },
      candles: SharedCandles.unpack(data.candles),
    };
  }
  const { trips: _trips, equity: _equity, ...outcome } = await runTrial(prepared.job, task.trial, prepared.candles, task.window);
  return outcome;
}
