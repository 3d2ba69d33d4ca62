import { hostname } from 'node:os';
import { type OptimizeTask, type OptimizeWorkerData, runOptimizeTask } from '../optimizeWorker.js';
import type { TrialOutcome } from '../runTrial.js';
import { type TrialThreadPool, trialThreadPool } from '../trialThreadPool.js';
import {
  decodeJson,
  encodeJson,
  type JobDescription,
  type ResultMessage,
  type TaskMessage,
  taskId,
} from './optimizeMessages.js';
import { OptimizeQueue, type OptimizeQueueSettings, optimizeQueueNames } from './optimizeQueue.js';

/**
 * Options of {@link runOptimizeWorker}.
 *
 * @example
 * ```ts
 * const options: OptimizeWorkerOptions = { servers: ['nats://127.0.0.1:4222'], maxTrials: 100 };
 * ```
 */
export interface OptimizeWorkerOptions extends OptimizeQueueSettings {
  /** Stop after this many trials (default: run until `signal` aborts). */
  maxTrials?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /**
   * Run each trial in a worker thread of this process instead of on its main thread (default false). A
   * thread's heap is made after the process set the V8 settings for trials (`useTrialV8Settings`), so its
   * young generation starts at full size, which the main thread's heap, made at the process's start, cannot
   * (`tradestate worker` does this).
   */
  trialThread?: boolean;
  /** Test hook: stop the process abruptly when given this trial (`always`: on every delivery, else the first). */
  crashOnTrial?: { trialId: number; always: boolean };
}

/**
 * A `tradestate worker`: pulls trials from the optimisation work queue one at a time, runs each as a
 * complete backtest, stores the result, then acknowledges the trial (so a worker that dies mid-trial loses
 * nothing). A job's data is fetched from the object store once and kept while its trials keep coming.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * await runOptimizeWorker({ servers: ['nats://127.0.0.1:4222'], signal: controller.signal });
 * ```
 */
export async function runOptimizeWorker(options: OptimizeWorkerOptions): Promise<{ trials: number }> {
  const name = `${hostname()}-${process.pid}`;
  const log = options.log ?? (() => {});
  const queue = await OptimizeQueue.connect(options, `tradestate-worker-${name}`);
  const consumer = await queue.js.consumers.get(
    optimizeQueueNames.taskStream,
    optimizeQueueNames.taskConsumer,
  );
  const jobs = new Map<string, Promise<Parameters<typeof runOptimizeTask>[0] | undefined>>();
  const jobData = (jobId: string) => {
    let data = jobs.get(jobId);
    if (data === undefined) {
      data = (async () => {
        const description = await queue.store.getBlob(`${jobId}.json`);
        const candles = await queue.store.getBlob(`${jobId}.candles`);
        if (description === null || candles === null) return undefined;
        return { ...decodeJson<JobDescription>(description), candles };
      })();
      // One job at a time in practice: keep the newest few, drop older ones.
      if (jobs.size >= 4) jobs.delete(jobs.keys().next().value!);
      jobs.set(jobId, data);
    }
    return data;
  };
  /** Whether the job's coordinator still answers (a coordinator that died leaves its queued trials behind). */
  const coordinatorWaiting = async (jobId: string) => {
    try {
      await queue.connection.request(optimizeQueueNames.aliveSubject(jobId), undefined, { timeout: 2_000 });
      return true;
    } catch (error) {
      // No responder: nobody waits. A timeout only means a busy coordinator: keep working for it.
      return !/no responders|503/i.test(String((error as Error).message ?? error));
    }
  };
  // One thread for the job being worked on; a new job gets a new one (its data goes to the thread once).
  let thread: { data: OptimizeWorkerData; pool: TrialThreadPool } | undefined;
  const runTask = async (data: OptimizeWorkerData, task: OptimizeTask): Promise<TrialOutcome> => {
    if (!options.trialThread) return runOptimizeTask(data, task);
    if (thread?.data !== data) {
      await thread?.pool.close();
      thread = { data, pool: trialThreadPool(data, 1) };
    }
    return thread.pool.run(task);
  };
  let trials = 0;
  log(
    `Worker ${name} waiting for trials on ${optimizeQueueNames.taskStream} (${options.servers.join(', ')})`,
  );
  try {
    while (!options.signal?.aborted && (options.maxTrials === undefined || trials < options.maxTrials)) {
      const message = await consumer.next({ expires: 1_000 });
      if (message === null) continue;
      const task = decodeJson<TaskMessage>(message.data);
      const crash = options.crashOnTrial;
      if (crash && crash.trialId === task.trial.id && (crash.always || message.info.deliveryCount === 1)) {
        process.kill(process.pid, 'SIGKILL');
      }
      const data = (await coordinatorWaiting(task.jobId)) ? await jobData(task.jobId) : undefined;
      if (data === undefined) {
        // The job is over, or its coordinator died: nobody waits for this trial. No reason text: a server
        // before 2.10 does not read "+TERM <reason>" and would keep the trial pending until its ack wait.
        message.term();
        continue;
      }
      let outcome: ResultMessage['outcome'];
      try {
        outcome = await runTask(data, { trial: task.trial, window: task.window });
      } catch (error) {
        // The trial itself catches backtest errors; this is the job's setup (data, strategies module) failing.
        outcome = {
          trialId: task.trial.id,
          window: task.window.label,
          error: `worker ${name}: ${(error as Error).message}`,
        };
      }
      const result: ResultMessage = { jobId: task.jobId, worker: name, outcome };
      await queue.js.publish(optimizeQueueNames.resultSubject(task.jobId), encodeJson(result), {
        msgID: taskId(task.jobId, task),
      });
      message.ack();
      trials++;
      log(
        `trial ${task.trial.id} (${task.window.label}) of job ${task.jobId}: ${outcome.error ? `failed: ${outcome.error}` : 'done'}`,
      );
    }
  } finally {
    await thread?.pool.close();
    await queue.close();
  }
  return { trials };
}
