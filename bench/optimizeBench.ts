import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistributedTrialExecutor } from '../src/optimize/distributed/distributedTrialExecutor.js';
import { LocalTrialExecutor, type TrialRuntime } from '../src/optimize/localTrialExecutor.js';
import { type OptimizeOptions, optimize } from '../src/optimize/optimize.js';
import type { OptimizeWorkerData } from '../src/optimize/optimizeWorker.js';
import type { TrialExecutor } from '../src/optimize/trialExecutor.js';
import { useTrialV8Settings } from '../src/optimize/trialV8Settings.js';
import type { BenchRow } from './benchRow.js';
import { writeSyntheticCsv } from './syntheticCsv.js';

const root = join(import.meta.dirname, '..');
const natsServer = 'nats://127.0.0.1:4222';

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** CPU seconds of a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat` file (user + system). */
function statCpuSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * CPU seconds so far of each thread of this process and of its child processes, by `pid/tid` (Linux `/proc`;
 * empty elsewhere), and the whole of the child processes.
 */
function threadCpuSeconds(): { threads: Map<string, number>; children: number } {
  const threads = new Map<string, number>();
  let children = 0;
  if (!existsSync('/proc/self/task')) return { threads, children };
  const pid = String(process.pid);
  const childPids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  for (const owner of [pid, ...childPids]) {
    try {
      if (owner !== pid) children += statCpuSeconds(`/proc/${owner}/stat`);
      for (const id of readdirSync(`/proc/${owner}/task`)) {
        threads.set(`${owner}/${id}`, statCpuSeconds(`/proc/${owner}/task/${id}/stat`));
      }
    } catch {
      // The process or thread ended between the listing and the read.
    }
  }
  return { threads, children };
}

/**
 * Whether a thread runs a worker's JavaScript: a thread of this process that appeared with the executor (a
 * worker thread), or the main thread of a child process (a trial process).
 */
function isWorkerThread(key: string, existing: Map<string, number>): boolean {
  const [owner, id] = key.split('/');
  return owner === String(process.pid) ? !existing.has(key) : owner === id;
}

interface TrialMeasure {
  secondsPerTrial: number;
  /** CPU seconds per second of the trial phase: the cores the job obtained. */
  cores: number;
  /** CPU seconds of the whole job (this process and its trial processes) per trial, in steady state. */
  cpuPerTrial: number;
  /**
   * CPU seconds per trial of the whole trial phase, from the executor's start: the workers' start, their V8
   * warm-up (`warmUpWorker`) and first trials included, which the steady-state figures leave out.
   */
  phaseCpuPerTrial: number;
  /** CPU seconds of the workers' JavaScript threads per trial; undefined without `/proc`. */
  workerCpuPerTrial: number | undefined;
  /**
   * CPU outside the workers' JavaScript threads (V8's compiler and garbage-collector helper threads, the
   * coordinator) per CPU second inside them; undefined without `/proc`.
   */
  helperShare: number | undefined;
}

/**
 * Seconds per trial of a job on `executor` in steady state, and where its CPU went: what the workers
 * change, without the CSV parsing and the best trial's re-run for its equity curve (once, in the calling
 * process, whatever the executor) nor the threads' start (the per-trial overhead row).
 */
async function trialSeconds(
  options: OptimizeOptions,
  executor: (data: OptimizeWorkerData) => TrialExecutor | Promise<TrialExecutor>,
  /**
   * Workers the executor will have. A distributed executor's `concurrency` counts only the workers whose
   * results came back so far (1 at the first result), so without it the steady state would open at the
   * first result, with the other worker still starting.
   */
  expectedWorkers?: number,
): Promise<TrialMeasure> {
  let measured = 0;
  let cores = 0;
  let cpuPerTrial = 0;
  let phaseCpuPerTrial = 0;
  let helperShare: number | undefined;
  let workerCpuPerTrial: number | undefined;
  await optimize({
    ...options,
    executor: async (data) => {
      // The threads that appear with the executor are its workers' JavaScript threads.
      const existing = threadCpuSeconds().threads;
      const cpuAtCreation = jobCpu();
      const inner = await executor(data);
      return {
        get concurrency() {
          return inner.concurrency;
        },
        async run(tasks, onOutcome) {
          const started = performance.now();
          const cpuAtStart = jobCpu();
          // Steady state: from the moment every worker has delivered its first trial (threads started, sources
          // loaded; that cost is the per-trial overhead row) to the last one, in wall and in CPU time.
          let warm = started;
          let cpuAtWarm = cpuAtStart;
          let threadsAtWarm = threadCpuSeconds().threads;
          let delivered = 0;
          /** Results delivered when the steady state began (every worker had delivered one). */
          let deliveredAtWarm: number | undefined;
          const outcomes = await inner.run(tasks, (outcome) => {
            delivered += 1;
            const workers = Math.max(inner.concurrency, expectedWorkers ?? 0);
            if (deliveredAtWarm === undefined && delivered >= workers && inner.concurrency >= workers) {
              deliveredAtWarm = delivered;
              warm = performance.now();
              cpuAtWarm = jobCpu();
              threadsAtWarm = threadCpuSeconds().threads;
            }
            onOutcome(outcome);
          });
          const steadyTrials = tasks.length - (deliveredAtWarm ?? inner.concurrency);
          measured = (performance.now() - warm) / 1000 / steadyTrials;
          const cpuAtEnd = jobCpu();
          phaseCpuPerTrial = (cpuAtEnd - cpuAtCreation) / tasks.length;
          cores = (cpuAtEnd - cpuAtStart) / ((performance.now() - started) / 1000);
          const cpuSeconds = cpuAtEnd - cpuAtWarm;
          cpuPerTrial = cpuSeconds / steadyTrials;
          let workerSeconds = 0;
          for (const [key, seconds] of threadCpuSeconds().threads) {
            if (isWorkerThread(key, existing)) workerSeconds += seconds - (threadsAtWarm.get(key) ?? 0);
          }
          if (workerSeconds > 0) {
            helperShare = (cpuSeconds - workerSeconds) / workerSeconds;
            workerCpuPerTrial = workerSeconds / steadyTrials;
          }
          return outcomes;
        },
        close: () => inner.close(),
      };
    },
  });
  return { secondsPerTrial: measured, cores, cpuPerTrial, phaseCpuPerTrial, workerCpuPerTrial, helperShare };
}

/**
 * CPU seconds so far of this process (its worker threads included) and of its child processes (trial
 * processes): per second of wall time, the cores a job obtained.
 */
function jobCpu(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6 + threadCpuSeconds().children;
}

function startWorker(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, EVENT_BUS_NATS_SERVERS: natsServer },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  await exited;
}

/**
 * `tradestate optimize` on a synthetic one-minute series: (a) trials per second with 2 workers against 1, as
 * threads (the default) and as processes, (b) the fixed cost of a trial (pool start, configuration, actors; measured on 100-bar windows) against one
 * 100k-bar backtest, (c) two local `tradestate worker` processes over NATS JetStream against 2 local workers.
 * Trials per second count the trial phase only (see `trialSeconds`). `--quick` shortens the grid series
 * (20k bars instead of 50k).
 */
export async function benchOptimize(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'tradestate-optbench-'));
  try {
    const quick = process.argv.includes('--quick');
    const gridBars = quick ? 20_000 : 50_000;
    const full = join(directory, 'full.csv');
    const grid = join(directory, 'grid.csv');
    const tiny = join(directory, 'tiny.csv');
    writeSyntheticCsv(full, 100_000);
    writeSyntheticCsv(grid, gridBars);
    writeSyntheticCsv(tiny, 100);
    const job = (data: string, parameters: string[]): OptimizeOptions => ({
      config: {},
      data,
      symbol: 'EURUSD',
      parameters,
      cwd: directory,
    });
    // A job of the size the user runs (a 100-trial grid), not a handful of trials: each worker compiles
    // the code of orders and fills in its first trials, and with 16 trials the 2 workers' measured trials were
    // almost all inside that wave while 1 worker's were mostly past it (the ratio measured warm-up, not speed).
    const gridJob = job(grid, ['ema_fast.period=5:100:5', 'ema_slow.period=110:190:20']);
    const trials = 100;

    const runOn = (runtime: TrialRuntime, workers: number) => {
      // The CLI sets V8's flags for worker threads on its own process (this one, here); trial processes get
      // them on their command line.
      if (runtime === 'thread') useTrialV8Settings(workers);
      return trialSeconds(gridJob, (data) => new LocalTrialExecutor(data, { workers, runtime }));
    };
    // Processes first: the flags the thread runs set stay on this process.
    const oneProcessRun = await runOn('process', 1);
    const twoProcessRun = await runOn('process', 2);
    const oneRun = await runOn('thread', 1);
    const twoRun = await runOn('thread', 2);
    const one = oneRun.secondsPerTrial;
    const two = twoRun.secondsPerTrial;
    const rows: BenchRow[] = [
      {
        name: `optimize: ${trials} trials of ${gridBars / 1000}k bars, 2 workers ÷ 1 worker`,
        value: 1 / two,
        unit: 'trials/s',
        baseline: 1 / one,
        ratio: one / two,
        target: 1.7,
      },
      {
        name: `optimize: ${trials} trials of ${gridBars / 1000}k bars, 2 worker processes ÷ 1 (--runtime process)`,
        value: 1 / twoProcessRun.secondsPerTrial,
        unit: 'trials/s',
        baseline: 1 / oneProcessRun.secondsPerTrial,
        ratio: oneProcessRun.secondsPerTrial / twoProcessRun.secondsPerTrial,
      },
      {
        // Two workers can only be faster when two cores are free: how many they got, and the load, say whether.
        name: `optimize: cores the 2 workers obtained (CPU s ÷ wall s; load average ${loadavg()[0]!.toFixed(1)})`,
        value: twoRun.cores,
        unit: 'cores',
        baseline: oneRun.cores,
        ratio: twoRun.cores / oneRun.cores,
      },
      {
        // Equal CPU per trial: the workers do not slow each other down; what limits the wall ratio is the cores.
        name: 'optimize: CPU per trial, 2 workers (baseline 1 worker; ratio 1 = no contention)',
        value: twoRun.cpuPerTrial * 1000,
        unit: 'ms',
        baseline: oneRun.cpuPerTrial * 1000,
        ratio: oneRun.cpuPerTrial / twoRun.cpuPerTrial,
      },
      {
        // The steady-state rows leave out each worker's start, V8 warm-up and first trial; this one counts them,
        // so a cost moved out of the steady state (a longer warm-up, say) shows here. 2 workers pay those
        // costs twice over the job's trials where 1 worker pays them once.
        name: `optimize: CPU per trial of the whole trial phase (workers' start, warm-up and first trials included), 2 workers (baseline 1 worker)`,
        value: twoRun.phaseCpuPerTrial * 1000,
        unit: 'ms',
        baseline: oneRun.phaseCpuPerTrial * 1000,
        ratio: oneRun.phaseCpuPerTrial / twoRun.phaseCpuPerTrial,
      },
      {
        // Processes and threads compared at equal work: a ratio above 1 means a worker process costs less CPU.
        name: 'optimize: CPU per trial, 2 worker processes (baseline 2 worker threads)',
        value: twoProcessRun.cpuPerTrial * 1000,
        unit: 'ms',
        baseline: twoRun.cpuPerTrial * 1000,
        ratio: twoRun.cpuPerTrial / twoProcessRun.cpuPerTrial,
      },
    ];
    if (
      oneRun.helperShare !== undefined &&
      twoRun.helperShare !== undefined &&
      oneRun.workerCpuPerTrial !== undefined
    ) {
      // One worker's helper threads run on the second core for free; two workers must share the cores with
      // theirs. On 2 idle cores one worker runs a trial per max(its thread's CPU, process CPU ÷ 2) and two at
      // best two per process CPU: the ratio the CPU allows, which load from other processes does not blur.
      const allowed = (2 * Math.max(oneRun.workerCpuPerTrial, oneRun.cpuPerTrial / 2)) / twoRun.cpuPerTrial;
      rows.push({
        name: `optimize: CPU in V8 helper threads (compiler, GC) and the coordinator per CPU in the workers' JavaScript threads, 2 workers (baseline 1 worker; 2÷1 the CPU allows on 2 idle cores: ${allowed.toFixed(2)})`,
        value: twoRun.helperShare,
        unit: 'share',
        baseline: oneRun.helperShare,
        ratio: oneRun.helperShare / twoRun.helperShare,
      });
    }

    const tinyTrials = 8;
    const tinySeconds = await seconds(() =>
      optimize({ ...job(tiny, [`ema_fast.period=3:${2 + tinyTrials}:1`, 'ema_slow.period=20']), workers: 1 }),
    );
    const fullSeconds = await seconds(() =>
      optimize({ ...job(full, ['ema_fast.period=12', 'ema_slow.period=26']), workers: 1 }),
    );
    const overhead = tinySeconds / tinyTrials;
    rows.push({
      name: 'optimize: per-trial overhead (100-bar trial) ÷ one 100k-bar trial',
      value: overhead * 1000,
      unit: 'ms',
      baseline: fullSeconds * 1000,
      ratio: overhead / fullSeconds,
      target: 0.05,
      lowerIsBetter: true,
    });

    const workers = [startWorker(), startWorker()];
    try {
      // The first job pays the workers' start (tsx compiling the sources): a warm-up, not measured.
      await optimize({
        ...job(tiny, ['ema_fast.period=3:4:1', 'ema_slow.period=20']),
        executor: (data) => DistributedTrialExecutor.connect(data, { servers: [natsServer] }),
      });
      const { secondsPerTrial: distributed } = await trialSeconds(
        gridJob,
        (data) => DistributedTrialExecutor.connect(data, { servers: [natsServer] }),
        workers.length,
      );
      rows.push({
        name: `optimize: distributed on 2 worker processes ÷ local 2 workers (${trials} trials)`,
        value: 1 / distributed,
        unit: 'trials/s',
        baseline: 1 / two,
        ratio: two / distributed,
        target: 0.9,
      });
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
    return rows;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
