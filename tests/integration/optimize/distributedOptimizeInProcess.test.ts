import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsConnectionError } from '../../../src/bus/nats/natsConnectionError.js';
import { optimizeCommand } from '../../../src/cli/commands/optimize.js';
import { workerCommand } from '../../../src/cli/commands/worker.js';
import { encodeJson, type TaskMessage } from '../../../src/optimize/distributed/optimizeMessages.js';
import { OptimizeQueue, optimizeQueueNames } from '../../../src/optimize/distributed/optimizeQueue.js';
import { runOptimizeWorker } from '../../../src/optimize/distributed/runOptimizeWorker.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';
import { type PrivateNatsServer, startPrivateNatsServer } from '../nats/privateNatsServer.js';

const root = join(import.meta.dirname, '../../..');
const msft = join(root, 'examples/data/msft_2000_2001_daily.csv');
const stocks = join(root, 'examples/config/stocks.yaml');

let server: PrivateNatsServer;
let confDirectory: string;

beforeAll(async () => {
  // The work queue connects without credentials: a server of this file's own with no users.
  confDirectory = mkdtempSync(join(tmpdir(), 'tradestate-optimize-nats-'));
  const conf = join(confDirectory, 'open.conf');
  writeFileSync(conf, '# no authorization: the optimisation queue connects without credentials\n');
  server = await startPrivateNatsServer(conf);
});

afterAll(async () => {
  await server?.stop();
  rmSync(confDirectory, { recursive: true, force: true });
});

/** `tradestate optimize --distributed` over two trials, with `extra` flags, and a worker in this process. */
async function distributedRun(extra: string[], tasks: number, terminal = false) {
  const env = { EVENT_BUS_NATS_SERVERS: server.url };
  const coordinator = fakeCliIO({ env });
  // On a terminal the progress line is redrawn in place rather than printed every few seconds.
  if (terminal) Object.assign(coordinator.io.stderr, { isTTY: true });
  const worker = fakeCliIO({ env });
  const [optimizeCode, workerCode] = await Promise.all([
    optimizeCommand.run(
      [
        '--data',
        msft,
        '--symbol',
        'MSFT',
        '--config',
        stocks,
        '--param',
        'ema_fast.period=10,20',
        '--param',
        'ema_slow.period=40',
        '--metric',
        'total_return',
        '--distributed',
        '--out',
        'opt',
        ...extra,
      ],
      coordinator.io,
    ),
    workerCommand.run(['--max-trials', String(tasks)], worker.io),
  ]);
  return { optimizeCode, workerCode, coordinator, worker };
}

describe('tradestate optimize --distributed with tradestate worker in the same process', {
  timeout: 120_000,
}, () => {
  it('the worker runs every trial, stops after --max-trials, and the coordinator ranks them and writes its files', async () => {
    const { optimizeCode, workerCode, coordinator, worker } = await distributedRun([], 2);
    expect(optimizeCode).toBe(0);
    expect(workerCode).toBe(0);
    expect(worker.stderr()).toMatch(/waiting for trials on TRADESTATE_OPTIMIZE_TASKS/);
    expect(worker.stderr()).toMatch(/trial 0 \(.*\) of job \w+: done/);
    expect(worker.stderr()).toMatch(/trial 1 \(.*\) of job \w+: done/);
    expect(worker.stderr()).toContain('Worker stopped after 2 trials\n');
    expect(coordinator.stderr()).toMatch(/2 backtests queued on TRADESTATE_OPTIMIZE_TASKS/);
    expect(coordinator.stdout()).toMatch(/Optimisation of MSFT on .*: 2 trials, 0 failed, 1 worker,/);
    const trials = readFileSync(join(coordinator.io.cwd, 'opt/trials.csv'), 'utf8').trim().split('\n');
    expect(trials).toHaveLength(3);
  });

  it('with --train-until, the worker also runs the out-of-sample windows, the summary prints the split and a terminal sees the progress redrawn', async () => {
    const { optimizeCode, worker, coordinator } = await distributedRun(
      ['--train-until', '2001-01-01'],
      4,
      true,
    );
    expect(optimizeCode).toBe(0);
    expect(worker.stderr()).toContain('Worker stopped after 4 trials\n');
    expect(coordinator.stdout()).toMatch(
      /Train\/test: fold 1 best ema_fast\.period=\d+ ema_slow\.period=40 in sample/,
    );
    // Redrawn in place on the terminal, the last drawing showing every backtest done, then the line ended.
    const drawings = coordinator.stderr().split('\r\x1b[2K');
    expect(drawings.length).toBeGreaterThan(1);
    expect(drawings.at(-1)).toMatch(
      /^4\/4 backtests {2}best total_return -?[\d.]+ \(ema_fast\.period=\d+ ema_slow\.period=40\) {2}ETA 0s\n/,
    );
  });
});

describe('a tradestate worker on its own', { timeout: 60_000 }, () => {
  it('drops a trial whose coordinator no longer answers instead of running it, and publishes no result', async () => {
    const queue = await OptimizeQueue.connect({ servers: [server.url] }, 'test-coordinator-gone');
    try {
      const orphan: TaskMessage = {
        jobId: 'gonecoordinator',
        trial: { id: 0, values: { 'ema_fast.period': 10 } },
        window: { from: 0, to: 100, label: 'all' },
      };
      await queue.js.publish(optimizeQueueNames.taskSubject(orphan.jobId), encodeJson(orphan));
      const controller = new AbortController();
      const log: string[] = [];
      const working = runOptimizeWorker({
        servers: [server.url],
        signal: controller.signal,
        log: (line) => log.push(line),
      });
      // Handled once the worker's delivery is settled: nothing pending, nothing waiting for an acknowledgement.
      for (let attempt = 0; ; attempt++) {
        const info = await queue.jsm.consumers.info(
          optimizeQueueNames.taskStream,
          optimizeQueueNames.taskConsumer,
        );
        if (info.delivered.stream_seq >= 1 && info.num_pending === 0 && info.num_ack_pending === 0) break;
        if (attempt > 200) throw new Error('the worker never settled the task');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      controller.abort();
      expect(await working).toEqual({ trials: 0 });
      expect(log.filter((line) => line.startsWith('trial '))).toEqual([]);
      const results = await queue.jsm.streams.info(optimizeQueueNames.resultStream, {
        subjects_filter: optimizeQueueNames.resultSubject(orphan.jobId),
      });
      expect(results.state.subjects?.[optimizeQueueNames.resultSubject(orphan.jobId)]).toBeUndefined();
    } finally {
      await queue.close();
    }
  });

  it('with no NATS server listening, fails with a connection error naming the server', async () => {
    const { io } = fakeCliIO({ env: { EVENT_BUS_NATS_SERVERS: 'nats://127.0.0.1:1' } });
    const failure = await workerCommand.run(['--max-trials', '1'], io).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(NatsConnectionError);
    expect((failure as Error).message).toContain('nats://127.0.0.1:1');
  });
});
