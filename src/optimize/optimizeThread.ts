import { workerData } from 'node:worker_threads';
import { type OptimizeTask, type OptimizeWorkerData, runOptimizeTask } from './optimizeWorker.js';

/** The piscina entry point of a worker thread: one trial per call, the job from `workerData`. */
export default function optimizeThread(task: OptimizeTask) {
  return runOptimizeTask(workerData as OptimizeWorkerData, task);
}
