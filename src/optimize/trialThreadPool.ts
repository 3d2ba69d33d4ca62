import { Piscina } from 'piscina';
import type { OptimizeTask, OptimizeWorkerData } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';
import { trialSemiSpaceMegabytes } from './trialV8Settings.js';

/**
 * Young generation of each worker thread: V8 splits it into two semi-spaces and a large-object space of the
 * same size (the default tops out at 16 MB semi-spaces). A trial allocates about 8 KB per bar and keeps much
 * of it until its end, so with the default a trial of 20k bars takes about nine scavenges, each copying what
 * is still alive; with 64 MB it takes three. That is 20–30% less CPU per trial (measured with 2 workers), most
 * of it in V8's parallel GC threads, which compete with the trials for the cores once every core runs a
 * worker. The CLI also starts them at that size (`trialV8Settings.ts`).
 */
const youngGenerationMegabytes = 3 * trialSemiSpaceMegabytes;

/** A pool of worker threads running one job's trials: `run` one task, `close` when the job is done. */
export interface TrialThreadPool {
  run(task: OptimizeTask): Promise<TrialOutcome>;
  close(): Promise<void>;
}

/**
 * `threads` worker threads (a piscina pool) for the trials of the job in `data`, each made with the young
 * generation trials need. A thread's heap is made when the thread starts, so it also takes the V8 flags the
 * process set before (`useTrialV8Settings`), which the process's own heap, made at its start, cannot.
 *
 * @example
 * ```ts
 * const pool = trialThreadPool(workerData, 2);
 * const outcome = await pool.run(task);
 * await pool.close();
 * ```
 */
export function trialThreadPool(data: OptimizeWorkerData, threads: number): TrialThreadPool {
  const fromSources = import.meta.url.endsWith('.ts');
  const pool = new Piscina<OptimizeTask, TrialOutcome>({
    filename: new URL(`./optimizeThread.${fromSources ? 'ts' : 'js'}`, import.meta.url).href,
    workerData: data,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMegabytes },
    // Running from the TypeScript sources (tests, `npm run tradestate`): threads load them through tsx too.
    ...(fromSources ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  return { run: (task) => pool.run(task), close: () => pool.destroy() };
}
