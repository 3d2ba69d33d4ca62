import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TradingStore } from '../../src/store/tradingStore.js';
import { type CliOutcome, repositoryRoot, runCli } from '../support/cliProcess.js';
import { scratchDirectories } from '../support/scratchDirectories.js';

const slowStart = join(repositoryRoot, 'tests/fixtures/strategies/slowStart.js');

const scratchDirectory = scratchDirectories('tradestate-signals-');

/** A scratch directory with a config whose one strategy comes from the slow-start module. */
function scratch(): { config: string; store: string } {
  const directory = scratchDirectory();
  const config = join(directory, 'slow.yaml');
  writeFileSync(
    config,
    'services:\n  strategy_evaluation:\n    strategies:\n      - name: slow\n        type: slow_start\n',
  );
  return { config, store: join(directory, 'run.db') };
}

/** `tradestate run` with the slow-start module; `signalOn` sends SIGTERM once stderr shows that text. */
function run(
  paths: { config: string; store: string },
  args: string[],
  env: Record<string, string>,
  signalOn?: string,
): Promise<CliOutcome> {
  return runCli(['run', '--config', paths.config, '--strategies', slowStart, '--quiet', ...args], {
    // A checkpoint every 100 bars: the run killed after its 300th cycle has saved exactly 300.
    env: { STORE_PATH: paths.store, STORE_CHECKPOINT_EVERY_BARS: '100', ...env },
    signal: signalOn === undefined ? undefined : { name: 'SIGTERM', on: signalOn },
  });
}

/** An interrupted run in the store (killed right after its 300th checkpoint): something to resume. */
async function interruptedRun(paths: { config: string; store: string }): Promise<void> {
  const killed = await run(paths, ['--max-candles', '5000'], {
    TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT: '300',
  });
  expect(killed.signal).toBe('SIGKILL');
}

function storeFiles(path: string): string {
  const hash = createHash('sha256');
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(path + suffix)) hash.update(suffix).update(readFileSync(path + suffix));
  return hash.digest('hex');
}

/** What a resume starts from: the saved last base candle and the candles counted up to it. */
function savedProgress(path: string): { lastCandle: number; candles: number } {
  const store = TradingStore.open(path);
  try {
    const lastBars = store.loadCheckpoint<Record<string, number>>('data_fetching', 'last_bars') ?? {};
    const progress = store.loadCheckpoint<{ counts: { candles: number } }>('system', 'progress');
    return { lastCandle: Math.max(...Object.values(lastBars)), candles: progress?.counts.candles ?? 0 };
  } finally {
    store.close();
  }
}

describe('tradestate run and signals during start-up', () => {
  it('SIGTERM while the command line is checked: exit 143, a summary, the store not even opened', async () => {
    const paths = scratch();
    await interruptedRun(paths);
    const before = storeFiles(paths.store);
    const outcome = await run(paths, [], { SLOW_START_STEP: 'load' }, 'slow start: loading the module');
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(143);
    expect(outcome.stderr).toMatch(/SIGTERM received during start-up: stopping once it is safe/);
    expect(outcome.stdout).toMatch(
      /^Run summary\n {2}interrupted during start-up \(SIGTERM\): nothing was run, the store was not opened$/m,
    );
    expect(storeFiles(paths.store)).toBe(before);
  }, 120_000);

  it('SIGTERM while the system is built and the store recovered: exit 143, the restored summary, the saved last candle kept', async () => {
    const paths = scratch();
    await interruptedRun(paths);
    const saved = savedProgress(paths.store);
    expect(saved.candles).toBeGreaterThan(200);
    const outcome = await run(
      paths,
      ['--max-candles', '5000'],
      { SLOW_START_STEP: 'system' },
      'slow start: building the system',
    );
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(143);
    expect(outcome.stdout).toMatch(/^Run summary$/m);
    expect(outcome.stdout).toMatch(new RegExp(`^ {2}candles +${saved.candles}$`, 'm'));
    expect(outcome.stdout).toMatch(
      /^Interrupted during start-up \(SIGTERM\): stopped before trading; the store keeps its last checkpoint$/m,
    );
    expect(savedProgress(paths.store)).toEqual(saved);
    // The next run resumes from the same candle and finishes the run.
    const resumed = await run(paths, ['--max-candles', '400'], {});
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`last candle ${new Date(saved.lastCandle).toISOString()}`);
    expect(resumed.stdout).toMatch(/^ {2}candles +400$/m);
  }, 120_000);
});
