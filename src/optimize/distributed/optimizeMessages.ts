import type { OptimizeTask, OptimizeWorkerData } from '../optimizeWorker.js';
import type { TrialOutcome } from '../runTrial.js';

/**
 * A task on the work queue: which job, which trial, which window.
 *
 * @example
 * ```ts
 * const message: TaskMessage = { jobId: 'j1', trial: { id: 0, values: { 'ema_fast.period': 5 } }, window: { from: 0, to: 500, label: 'all' } };
 * ```
 */
export interface TaskMessage extends OptimizeTask {
  jobId: string;
}

/**
 * A result on the result stream, with the worker that produced it.
 *
 * @example
 * ```ts
 * const message: ResultMessage = { jobId: 'j1', worker: 'host-123', outcome };
 * ```
 */
export interface ResultMessage {
  jobId: string;
  worker: string;
  outcome: TrialOutcome;
}

/** What the object store holds for a job besides its candles. */
export type JobDescription = Omit<OptimizeWorkerData, 'candles'>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown) => encoder.encode(JSON.stringify(value));
export const decodeJson = <T>(bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as T;

/** Deduplication id of a task and of its result: a redelivered trial is the same trial. */
export const taskId = (jobId: string, task: OptimizeTask) => `${jobId}:${task.window.label}:${task.trial.id}`;
