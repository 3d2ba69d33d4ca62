import { type ChildProcess, fork } from 'node:child_process';
import type { FromTrialProcess, ToTrialProcess } from './optimizeProcess.js';
import type { OptimizeTask, OptimizeWorkerData } from './optimizeWorker.js';
import type { TrialOutcome } from './runTrial.js';
import { trialSemiSpaceMegabytes, trialV8Flags } from './trialV8Settings.js';

interface Pending {
  task: OptimizeTask;
  resolve: (outcome: TrialOutcome) => void;
  reject: (error: Error) => void;
}

interface TrialProcess {
  child: ChildProcess;
  running: Pending | undefined;
}

/**
 * A pool of child processes that run trials, one at a time each: the job (with its candles, packed) goes to
 * each process once when it starts, then each task alone. V8's settings for trials are the processes' command
 * line, so the process that owns the pool keeps its own. A process that exits fails its running task and is
 * replaced when a task waits.
 *
 * @example
 * ```ts
 * const pool = new TrialProcessPool(workerData, 2);
 * const outcome = await pool.run(task);
 * await pool.close();
 * ```
 */
export class TrialProcessPool {
  private readonly job: ToTrialProcess;
  private readonly processes = new Set<TrialProcess>();
  private readonly queue: Pending[] = [];
  private closing = false;

  constructor(
    data: OptimizeWorkerData,
    private readonly size: number,
  ) {
    // A SharedArrayBuffer cannot cross processes: its bytes travel once per process as a plain copy.
    const candles =
      data.candles instanceof SharedArrayBuffer ? new Uint8Array(new Uint8Array(data.candles)) : data.candles;
    this.job = { kind: 'job', data: { ...data, candles } };
    for (let index = 0; index < size; index++) this.start();
  }

  run(task: OptimizeTask): Promise<TrialOutcome> {
    if (this.closing) return Promise.reject(new Error('the trial process pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the trial process pool is closed'));
    await Promise.all(
      [...this.processes].map(({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // Without its channel a trial process has nothing left to wait for and ends.
        if (child.connected) child.disconnect();
        return exited;
      }),
    );
  }

  private start(): void {
    const fromSources = import.meta.url.endsWith('.ts');
    const child = fork(new URL(`./optimizeProcess.${fromSources ? 'ts' : 'js'}`, import.meta.url), [], {
      execArgv: [
        // Running from the TypeScript sources (tests, `npm run tradestate`): the processes load them through tsx.
        ...(fromSources ? ['--import', 'tsx'] : []),
        ...trialV8Flags(this.size),
        `--max-semi-space-size=${trialSemiSpaceMegabytes}`,
      ],
      serialization: 'advanced',
    });
    const process: TrialProcess = { child, running: undefined };
    this.processes.add(process);
    child.on('message', (message: FromTrialProcess) => {
      const pending = process.running;
      process.running = undefined;
      if (pending !== undefined) {
        if ('outcome' in message) pending.resolve(message.outcome);
        else pending.reject(new Error(message.failure));
      }
      this.dispatch();
    });
    child.on('exit', (code, signal) => {
      this.processes.delete(process);
      process.running?.reject(
        new Error(
          `trial process exited (${signal ?? `code ${code}`}) running trial ${process.running.task.trial.id}`,
        ),
      );
      process.running = undefined;
      this.dispatch();
    });
    // An error sending to a process that has just died: its 'exit' fails the task.
    child.on('error', () => {});
    child.send(this.job);
  }

  private dispatch(): void {
    if (this.closing) return;
    while (this.queue.length > 0 && this.processes.size < this.size) this.start();
    for (const process of this.processes) {
      if (this.queue.length === 0) return;
      if (process.running !== undefined || !process.child.connected) continue;
      const pending = this.queue.shift()!;
      process.running = pending;
      process.child.send({ kind: 'task', task: pending.task } satisfies ToTrialProcess);
    }
  }
}
