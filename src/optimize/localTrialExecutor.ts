import { availableParallelism } from 'node:os';
import type { OptimizeTask, OptimizeWorkerData } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';
import type { TrialExecutor } from './trialExecutor.js';
import { TrialProcessPool } from './trialProcessPool.js';
import { trialThreadPool } from './trialThreadPool.js';

/**
 * Where local trials run: `thread` (worker threads of this process, the default) or `process` (child
 * processes). Measured on 2 cores (16 trials of 20k bars), a trial took about 6–7% less CPU in a process
 * than in a thread, with 1 worker as with 2: a cost of each worker (threads share their process's V8 helper
 * threads), not contention between them, so processes do not scale better; they start slower (a Node.js
 * start per worker). A process starts with the V8 settings for trials on its command line
 * (`trialV8Settings.ts`); threads share the flags of the process that runs them, which a library leaves as
 * its user set them.
 *
 * @example
 * ```ts
 * const runtime: TrialRuntime = 'process';
 * await optimize({ data: 'msft.csv', parameters: ['ema_fast.period=5:30:5'], runtime });
 * ```
 */
export type TrialRuntime = 'process' | 'thread';

/** Where trials run when no runtime is given. */
export const defaultTrialRuntime: TrialRuntime = 'thread';

/** Attempts per task when the worker running it dies (a crash, not a trial that failed by itself). */
const attemptsPerTask = 2;

/**
 * Runs trials on this machine, one worker per core by default: worker threads (`runtime: 'thread'`, the
 * default, a piscina pool; the candles travel once, as a `SharedArrayBuffer` in `workerData`) or child
 * processes (`runtime: 'process'`; the candles go to each once, packed). A task carries only the trial's
 * values. A task whose worker dies is retried once on a fresh one, then reported failed; the job goes on.
 *
 * @example
 * ```ts
 * const executor = new LocalTrialExecutor(workerData, { workers: 2, runtime: 'process' });
 * const outcomes = await executor.run(tasks, () => {});
 * await executor.close();
 * ```
 */
export class LocalTrialExecutor implements TrialExecutor {
  readonly concurrency: number;
  private readonly pool: Pick<TrialProcessPool, 'run' | 'close'>;

  constructor(data: OptimizeWorkerData, options: { workers?: number; runtime?: TrialRuntime } = {}) {
    this.concurrency = Math.max(1, options.workers ?? availableParallelism());
    this.pool =
      (options.runtime ?? defaultTrialRuntime) === 'process'
        ? new TrialProcessPool(data, this.concurrency)
        : trialThreadPool(data, this.concurrency);
  }

  async run(
    tasks: readonly OptimizeTask[],
    onOutcome: (outcome: TrialOutcome) => void,
  ): Promise<TrialOutcome[]> {
    return Promise.all(
      tasks.map(async (task) => {
        let lastError = '';
        for (let attempt = 1; attempt <= attemptsPerTask; attempt++) {
          try {
            const outcome = await this.pool.run(task);
            onOutcome(outcome);
            return outcome;
          } catch (error) {
            lastError = error instanceof Error ? error.message : String(error);
          }
        }
        const failed: TrialOutcome = {
          trialId: task.trial.id,
          window: task.window.label,
          error: `worker died ${attemptsPerTask} times running this trial (last: ${lastError})`,
        };
        onOutcome(failed);
        return failed;
      }),
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
