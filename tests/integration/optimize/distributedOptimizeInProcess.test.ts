import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizeCommand } from '../../../src/cli/commands/optimize.js';
import { workerCommand } from '../../../src/cli/commands/worker.js';
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
async function distributedRun(extra: string[], tasks: number) {
  const env = { EVENT_BUS_NATS_SERVERS: server.url };
  const coordinator = fakeCliIO({ env });
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
    expect(coordinator.stdout()).toMatch(/Optimisation of MSFT on .*: 2 trials, 0 failed, 1 workers/);
    const trials = readFileSync(join(coordinator.io.cwd, 'opt/trials.csv'), 'utf8').trim().split('\n');
    expect(trials).toHaveLength(3);
  });

  it('with --train-until, the worker also runs the out-of-sample windows and the summary prints the split', async () => {
    const { optimizeCode, worker, coordinator } = await distributedRun(['--train-until', '2001-01-01'], 4);
    expect(optimizeCode).toBe(0);
    expect(worker.stderr()).toContain('Worker stopped after 4 trials\n');
    expect(coordinator.stdout()).toMatch(
      /Train\/test: fold 1 best ema_fast\.period=\d+ ema_slow\.period=40 in sample/,
    );
  });
});
