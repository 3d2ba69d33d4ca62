import type { OptimizeTask } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';

/**
 * Runs a job's tasks somewhere (worker threads on this machine, or workers on other machines through
 * NATS) and reports each outcome as it arrives. Outcomes may arrive in any order; the optimiser orders them.
 *
 * @example
 * ```ts
 * const outcomes = await executor.run(tasks, (outcome) => progress.update(outcome));
 * await executor.close();
 * ```
 */
export interface TrialExecutor {
  /** How many tasks run at once (for the progress line). */
  readonly concurrency: number;
  run(tasks: readonly OptimizeTask[], onOutcome: (outcome: TrialOutcome) => void): Promise<TrialOutcome[]>;
  close(): Promise<void>;
}
