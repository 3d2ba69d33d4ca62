import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { OptimizeTask, OptimizeWorkerData } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';
import type { TrialExecutor } from './trialExecutor.js';
import { useTrialV8Settings } from './trialV8Settings.js';

/** Attempts per task when the worker thread running it dies (a crash, not a trial that failed by itself). */
const attemptsPerTask = 2;

/**
 * Young generation of each worker thread: V8 splits it into two 64 MB semi-spaces and a large-object space
 * (the default tops out at 16 MB semi-spaces). A trial allocates about 8 KB per bar and keeps much of it
 * until its end, so with the default a trial of 20k bars takes about nine scavenges, each copying what is
 * still alive; with 64 MB it takes three. That is 20–30% less CPU per trial (measured with 2 workers), most of
 * it in V8's parallel GC threads, which compete with the trials for the cores once every core runs a worker.
 */
const youngGenerationMegabytes = 192;

/**
 * Runs trials in worker threads on this machine (a piscina pool, one thread per core by default). The
 * candles travel once, as a `SharedArrayBuffer` in `workerData`; a task carries only the trial's values. A
 * task whose thread dies is retried once on a fresh thread, then reported failed; the job goes on.
 *
 * @example
 * ```ts
 * const executor = new LocalTrialExecutor(workerData, { workers: 2 });
 * const outcomes = await executor.run(tasks, () => {});
 * await executor.close();
 * ```
 */
export class LocalTrialExecutor implements TrialExecutor {
  readonly concurrency: number;
  private readonly pool: Piscina<OptimizeTask, TrialOutcome>;

  constructor(data: OptimizeWorkerData, options: { workers?: number } = {}) {
    this.concurrency = Math.max(1, options.workers ?? availableParallelism());
    useTrialV8Settings(this.concurrency);
    const fromSources = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(`./optimizeThread.${fromSources ? 'ts' : 'js'}`, import.meta.url).href,
      workerData: data,
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMegabytes },
      // Running from the TypeScript sources (tests, `npm run tradestate`): threads load them through tsx too.
      ...(fromSources ? { execArgv: ['--import', 'tsx'] } : {}),
    });
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
    await this.pool.destroy();
  }
}
