import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Crash recovery end to end: `tradestate backtest` runs in a child process on a file store, is SIGKILLed
// at a chosen point, and is started again with the same config and data until it finishes. Its trades,
// equity curve and final equity must equal those of an uninterrupted run, and no client order id may be
// written or filled twice. Kill points come from the store's test hooks (TRADESTATE_TEST_CRASH_AFTER_*,
// see src/store/storeOrderOutbox.ts), plus one kill from outside while the run is in progress.

const root = resolve(import.meta.dirname, '../..');
const data = join(root, 'examples/data/msft_2000_2001_daily.csv');
const config = join(root, 'examples/config/stocks.yaml');

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function backtest(directory: string, env: Record<string, string> = {}, onStart?: (pid: number) => void) {
  return new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'backtest',
        '--data',
        data,
        '--symbol',
        'MSFT',
        '--config',
        config,
        '--out',
        join(directory, 'out'),
      ],
      {
        cwd: root,
        env: { ...process.env, STORE_PATH: join(directory, 'store.db'), LOGGING_LEVEL: 'ERROR', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stderr }));
    if (child.pid !== undefined) onStart?.(child.pid);
  });
}

function outputs(directory: string) {
  const report = JSON.parse(readFileSync(join(directory, 'out/report.json'), 'utf8')) as {
    summary: { final_equity: number; trades: number };
  };
  const db = new Database(join(directory, 'store.db'), { readonly: true });
  try {
    return {
      trades: readFileSync(join(directory, 'out/trades.csv'), 'utf8'),
      equity: readFileSync(join(directory, 'out/equity.csv'), 'utf8'),
      finalEquity: report.summary.final_equity,
      orderIds: (
        db.prepare('SELECT client_order_id FROM orders ORDER BY rowid').pluck().all() as string[]
      ).sort(),
      fillIds: (db.prepare('SELECT client_order_id FROM fills').pluck().all() as string[]).sort(),
      pending: db.prepare("SELECT COUNT(*) FROM orders WHERE status = 'pending'").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

/** Candles counted by the run's last committed checkpoint (0 before the first). */
function checkpointedCandles(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const value = db
        .prepare("SELECT value FROM checkpoints WHERE service = 'system' AND key = 'progress'")
        .pluck()
        .get() as string | undefined;
      return value === undefined ? 0 : (JSON.parse(value) as { counts: { candles: number } }).counts.candles;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is being written
  }
}

describe('crash recovery of tradestate backtest (child process, SIGKILL, restart)', () => {
  const directories: string[] = [];
  let baseline: ReturnType<typeof outputs>;
  const directory = () => {
    const created = mkdtempSync(join(tmpdir(), 'tradestate-crash-'));
    directories.push(created);
    return created;
  };

  beforeAll(async () => {
    const base = directory();
    const run = await backtest(base);
    expect(run.code, run.stderr).toBe(0);
    baseline = outputs(base);
    expect(baseline.orderIds.length).toBeGreaterThan(10);
  }, 120_000);

  afterAll(() => {
    for (const created of directories) rmSync(created, { recursive: true, force: true });
  });

  /** Kills with `hook`, then restarts (hook-free) until the backtest finishes; returns the crashed runs. */
  async function crashThenFinish(hooks: Array<Record<string, string>>) {
    const dir = directory();
    const crashes: RunResult[] = [];
    for (const env of hooks) crashes.push(await backtest(dir, env));
    const final = await backtest(dir);
    return { dir, crashes, final };
  }

  const cases: Array<{ name: string; hooks: Array<Record<string, string>> }> = [
    {
      name: 'after 60 candles (cycle checkpoint)',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT: '60' }],
    },
    {
      name: 'between the 1st outbox write and its fill',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_OUTBOX: '1' }],
    },
    {
      name: 'between the 16th outbox write and its fill',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_OUTBOX: '16' }],
    },
    {
      name: 'right after the 9th fill, before the checkpoint',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_FILL: '9' }],
    },
    {
      // 21 round trips with the next-open fill model (20 when fills were at the decision close).
      name: 'at the last order (the end-of-data close), outbox written, not filled',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_OUTBOX: String(42) }],
    },
    {
      // The 40th order is a take-profit the broker side fills inside a bar: re-sent as a limit order.
      name: 'between a take-profit’s outbox write and its fill',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_OUTBOX: String(40) }],
    },
    {
      name: 'twice: after the 5th outbox write, then after the 7th fill of the resumed run',
      hooks: [{ TRADESTATE_TEST_CRASH_AFTER_OUTBOX: '5' }, { TRADESTATE_TEST_CRASH_AFTER_FILL: '7' }],
    },
  ];

  it.concurrent.each(cases)(
    'a run killed $name ends with the uninterrupted run\u2019s trades and equity, each order once',
    async ({ hooks }) => {
      const { dir, crashes, final } = await crashThenFinish(hooks);
      for (const crash of crashes) expect(crash.signal, crash.stderr).toBe('SIGKILL');
      expect(final.code, final.stderr).toBe(0);
      expect(final.stderr).toMatch(/Resuming from .*store\.db: \d+ orders, last candle /);
      const result = outputs(dir);
      expect(result.trades).toBe(baseline.trades);
      expect(result.equity).toBe(baseline.equity);
      expect(result.finalEquity).toBe(baseline.finalEquity);
      expect(result.orderIds).toEqual(baseline.orderIds);
      expect(result.fillIds).toEqual(baseline.orderIds);
      expect(new Set(result.fillIds).size).toBe(result.fillIds.length);
      expect(result.pending).toBe(0);
    },
    180_000,
  );

  it('a run killed from outside mid-way (after its 50th checkpointed candle) resumes to the same result', async () => {
    const dir = directory();
    const path = join(dir, 'store.db');
    let polling: ReturnType<typeof setInterval> | undefined;
    const crashed = await backtest(dir, {}, (pid) => {
      polling = setInterval(() => {
        if (checkpointedCandles(path) >= 50) {
          clearInterval(polling);
          process.kill(pid, 'SIGKILL');
        }
      }, 5);
    });
    clearInterval(polling);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const final = await backtest(dir);
    expect(final.code, final.stderr).toBe(0);
    const result = outputs(dir);
    expect(result.trades).toBe(baseline.trades);
    expect(result.equity).toBe(baseline.equity);
    expect(result.orderIds).toEqual(baseline.orderIds);
  }, 120_000);

  it('a finished backtest run again starts over (with a notice) and reproduces its report', async () => {
    const dir = directory();
    expect((await backtest(dir)).code).toBe(0);
    const again = await backtest(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('finished: starting over');
    expect(outputs(dir).trades).toBe(baseline.trades);
  }, 120_000);
});
