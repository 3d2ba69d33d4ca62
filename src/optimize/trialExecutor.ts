import type { OptimizeTask } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';

/**
 * Runs a job's tasks somewhere (worker threads on this machine, or workers on other machines through
 * NATS) and reports each outcome as it arrives. Outcomes may arrive in any order; the optimiser orders them.
 *
 * @example
 * ```ts
 * // Runs each task in this process, one after another.
 * declare function runOne(task: OptimizeTask): Promise<TrialOutcome>;
 * const sequential: TrialExecutor = {
 *   concurrency: 1,
 *   async run(tasks, onOutcome) {
 *     const outcomes: TrialOutcome[] = [];
 *     for (const task of tasks) {
 *       const outcome = await runOne(task);
 *       onOutcome(outcome);
 *       outcomes.push(outcome);
 *     }
 *     return outcomes;
 *   },
 *   close: async () => undefined,
 * };
 * await optimize({ data: 'msft.csv', parameters: ['ema_fast.period=5:30:5'], executor: () => sequential });
 * ```
 */
export interface TrialExecutor {
  /** How many tasks run at once (for the progress line). */
  readonly concurrency: number;
  run(tasks: readonly OptimizeTask[], onOutcome: (outcome: TrialOutcome) => void): Promise<TrialOutcome[]>;
  close(): Promise<void>;
}
