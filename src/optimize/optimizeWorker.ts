import type { Candle } from '../events/candle.js';
import { loadStrategyModule } from '../strategies/loadStrategyModule.js';
import { type BarWindow, runTrial, type TrialJob, type TrialOutcome } from './runTrial.js';
import { SharedCandles } from './sharedCandles.js';
import type { Trial } from './trialPlan.js';
import { warmUpWorker } from './warmUpWorker.js';

/**
 * What a worker thread is given once, at start (piscina's `workerData`): the packed candles and the job.
 *
 * @example
 * ```ts
 * declare const job: OptimizeWorkerData['job']; // what optimize() hands every worker
 * const data: OptimizeWorkerData = { candles: new SharedArrayBuffer(48 * 250), job, strategiesModule: 'my-strategies.js' };
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

const preparedJobs = new WeakMap<OptimizeWorkerData, Promise<{ job: TrialJob; candles: Candle[] }>>();

/**
 * Builds a job once per worker (candles unpacked, strategies module loaded, V8 warmed up on the first task's
 * trial: `warmUpWorker`) and reuses it for each of its tasks.
 *
 * @example
 * ```ts
 * const outcome = await runOptimizeTask(data, task);
 * ```
 */
export async function runOptimizeTask(data: OptimizeWorkerData, task: OptimizeTask): Promise<TrialOutcome> {
  let prepared = preparedJobs.get(data);
  if (prepared === undefined) {
    prepared = (async () => {
      const strategies = data.strategiesModule
        ? await loadStrategyModule(data.strategiesModule, data.cwd ?? process.cwd())
        : undefined;
      const job: TrialJob = { ...data.job, ...(strategies ? { strategies } : {}) };
      const candles = SharedCandles.unpack(data.candles);
      await warmUpWorker(job, task.trial, candles, task.window);
      return { job, candles };
    })();
    preparedJobs.set(data, prepared);
  }
  const { job, candles } = await prepared;
  const {
    trips: _trips,
    equity: _equity,
    ...outcome
  } = await runTrial(job, task.trial, candles, task.window);
  return outcome;
}
