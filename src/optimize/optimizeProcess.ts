import { type OptimizeTask, type OptimizeWorkerData, runOptimizeTask } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';

/**
 * A trial process's answer to a task: the outcome, or why the task could not run (the job's strategies
 * module failed to load, say), which counts as a failed attempt as a thread's rejection does.
 *
 * @example
 * ```ts
 * const answer: FromTrialProcess = { outcome: { trialId: 0, window: 'all', statistics } };
 * ```
 */
export type FromTrialProcess = { outcome: TrialOutcome } | { failure: string };

/**
 * A message from the coordinator to a trial process: the job, once, then one task at a time.
 *
 * @example
 * ```ts
 * child.send({ kind: 'job', data } satisfies ToTrialProcess);
 * child.send({ kind: 'task', task } satisfies ToTrialProcess);
 * ```
 */
export type ToTrialProcess = { kind: 'job'; data: OptimizeWorkerData } | { kind: 'task'; task: OptimizeTask };

// The entry point of a trial process (forked by ProcessTrialExecutor with advanced serialisation): the
// candles arrive once with the job, each task's outcome goes back as the answer to it.
let data: OptimizeWorkerData | undefined;
process.on('message', (message: ToTrialProcess) => {
  if (message.kind === 'job') {
    data = message.data;
    return;
  }
  if (data === undefined) throw new Error('a trial process was given a task before its job');
  runOptimizeTask(data, message.task).then(
    (outcome) => process.send?.({ outcome } satisfies FromTrialProcess),
    (error: unknown) =>
      process.send?.({
        failure: error instanceof Error ? error.message : String(error),
      } satisfies FromTrialProcess),
  );
});
