import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DistributedTrialExecutor } from '../../../src/optimize/distributed/distributedTrialExecutor.js';
import { optimize } from '../../../src/optimize/optimize.js';

// Runs against the NATS JetStream server .ci/run starts on 127.0.0.1:4222.
const root = join(import.meta.dirname, '../../..');
const servers = ['nats://127.0.0.1:4222'];
const job = {
  config: join(root, 'examples/config/stocks.yaml'),
  data: join(root, 'examples/data/msft_2000_2001_daily.csv'),
  symbol: 'MSFT',
  parameters: ['ema_fast.period=10:30:10', 'ema_slow.period=30:50:10'],
  constraints: ['ema_fast.period < ema_slow.period'],
  metric: 'sharpe',
};

const workers: ChildProcess[] = [];
let local: Awaited<ReturnType<typeof optimize>>;

beforeAll(async () => {
  local = await optimize({ ...job, workers: 1 });
}, 180_000);

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, EVENT_BUS_NATS_SERVERS: servers[0]!, ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  workers.push(worker);
  return worker;
}

afterEach(async () => {
  for (const worker of workers.splice(0)) {
    if (worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  }
});

const statistics = (result: Awaited<ReturnType<typeof optimize>>) =>
  result.trials.map((trial) => [trial.id, trial.status, trial.statistics]);

// Worker processes start from the TypeScript sources and machines running CI are shared: generous limits.
describe('optimize --distributed', { timeout: 180_000 }, () => {
  it('two worker processes give the results of a local run', async () => {
    startWorker();
    startWorker();
    const distributed = await optimize({
      ...job,
      executor: (data) => DistributedTrialExecutor.connect(data, { servers, ackWaitSeconds: 5 }),
    });
    expect(statistics(distributed)).toEqual(statistics(local));
    expect(distributed.best.values).toEqual(local.best.values);
  });

  it('a worker killed in the middle of a trial loses nothing: the trial is redone by another worker', async () => {
    const doomed = startWorker({ TRADESTATE_TEST_WORKER_CRASH_ON_TRIAL: '2' });
    const running = optimize({
      ...job,
      executor: (data) => DistributedTrialExecutor.connect(data, { servers, ackWaitSeconds: 3 }),
    });
    // Alone, the doomed worker takes trials 0, 1, then dies holding trial 2; only then does a healthy one start.
    await new Promise((resolve) => doomed.once('exit', resolve));
    expect(doomed.signalCode).toBe('SIGKILL');
    startWorker();
    const distributed = await running;
    expect(statistics(distributed)).toEqual(statistics(local));
  });

  it('a trial that kills every worker it reaches is reported failed after its deliveries, and the job completes', async () => {
    startWorker({ TRADESTATE_TEST_WORKER_CRASH_ON_TRIAL: '3:always' });
    startWorker({ TRADESTATE_TEST_WORKER_CRASH_ON_TRIAL: '3:always' });
    startWorker();
    const distributed = await optimize({
      ...job,
      executor: (data) =>
        DistributedTrialExecutor.connect(data, { servers, ackWaitSeconds: 3, maxDeliver: 2 }),
    });
    // Trial 3 may reach the healthy worker first; then it succeeds, which is also "nothing lost".
    const failed = distributed.trials.filter((trial) => trial.status === 'failed');
    expect(failed.every((trial) => trial.id === 3 && /failed on 2 deliveries/.test(trial.error ?? ''))).toBe(
      true,
    );
    expect(distributed.trials.filter((trial) => trial.status === 'ok').length).toBeGreaterThanOrEqual(7);
  });
});
