import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliOutcome, repositoryRoot, runCli } from '../support/cliProcess.js';
import { scratchDirectories } from '../support/scratchDirectories.js';

const slowStart = join(repositoryRoot, 'tests/fixtures/strategies/slowStart.js');
/** Long enough that a signal sent at bar 2,000 finds the replay under way (about 9,000 bars/s). */
const barCount = 60_000;

const scratchDirectory = scratchDirectories('tradestate-backtest-signals-');

/** A seeded random walk of 1-minute EURUSD bars, and a config trading it with the slow-start probe beside. */
function scratch(): { directory: string; data: string; config: string } {
  const directory = scratchDirectory();
  let seed = 12_345;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const lines = ['timestamp,open,high,low,close,volume'];
  let price = 1.1;
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let bar = 0; bar < barCount; bar++) {
    const open = price;
    price = Math.max(0.5, price + (random() - 0.5) * 0.002);
    const high = Math.max(open, price) + random() * 0.0005;
    const low = Math.min(open, price) - random() * 0.0005;
    const time = new Date(start + bar * 60_000).toISOString();
    lines.push(`${time},${open.toFixed(5)},${high.toFixed(5)},${low.toFixed(5)},${price.toFixed(5)},100`);
  }
  const data = join(directory, 'eurusd.csv');
  writeFileSync(data, `${lines.join('\n')}\n`);
  const config = join(directory, 'config.yaml');
  writeFileSync(
    config,
    [
      'services:',
      '  strategy_evaluation:',
      '    strategies:',
      '      - name: ema_cross',
      '        type: ema_crossover',
      '        params: {}',
      '        stop_loss_atr: 2',
      '        take_profit_atr: 3',
      '      - name: probe',
      '        type: slow_start',
      '',
    ].join('\n'),
  );
  return { directory, data, config };
}

/** `tradestate backtest` on the scratch file; `send.signal` is sent once stderr shows `send.on`. */
function backtest(
  paths: { data: string; config: string },
  options: { out: string; store: string; args?: string[]; env?: Record<string, string> },
  send?: { signal: NodeJS.Signals; on: string },
): Promise<CliOutcome> {
  return runCli(
    [
      'backtest',
      '--data',
      paths.data,
      '--symbol',
      'EURUSD',
      '--config',
      paths.config,
      '--strategies',
      slowStart,
      '--out',
      options.out,
      '--quiet',
      ...(options.args ?? []),
    ],
    {
      env: { STORE_PATH: options.store, SLOW_START_SAY_AT: '2000', ...options.env },
      signal: send && { name: send.signal, on: send.on },
    },
  );
}

const reportFiles = ['report.json', 'trades.csv', 'equity.csv', 'report.html'];

function readReport(out: string): {
  summary: { bars: number; trades: number };
  interrupted?: { reason: string; at: string | null; bars: number };
} {
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
}

describe('tradestate backtest and signals', () => {
  it('SIGINT mid-replay: exit 130, the interruption line, the report of the part that ran, and the same command resumes to the trades of an uninterrupted run', async () => {
    const paths = scratch();
    const store = join(paths.directory, 'backtest.db');
    const firstOut = join(paths.directory, 'first');
    const interrupted = await backtest(
      paths,
      { out: firstOut, store },
      { signal: 'SIGINT', on: 'slow start: bar 2000 evaluated' },
    );
    expect(interrupted.signal).toBeNull();
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('SIGINT received: stopping after the current bar');
    const line = interrupted.stdout.match(
      new RegExp(`^Interrupted at (\\S+) \\(SIGINT\\) after (\\d+) of ${barCount} bars`, 'm'),
    );
    expect(line).not.toBeNull();
    const [, at, bars] = line!;
    expect(Number(bars)).toBeGreaterThanOrEqual(2000);
    expect(Number(bars)).toBeLessThan(barCount);
    for (const file of reportFiles) expect(existsSync(join(firstOut, file))).toBe(true);
    const partial = readReport(firstOut);
    expect(partial.interrupted).toEqual({ reason: 'SIGINT', at, bars: Number(bars) });
    expect(partial.summary.bars).toBe(Number(bars));
    // One equity row per bar replayed: the report covers exactly the part that ran.
    expect(readFileSync(join(firstOut, 'equity.csv'), 'utf8').trim().split('\n')).toHaveLength(
      Number(bars) + 1,
    );

    // The same command resumes from the checkpoint and ends where an uninterrupted run ends.
    const resumedOut = join(paths.directory, 'resumed');
    const resumed = await backtest(paths, { out: resumedOut, store });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toMatch(/^Interrupted/m);
    const whole = readReport(resumedOut);
    expect(whole.interrupted).toBeUndefined();
    expect(whole.summary.bars).toBe(barCount);

    const freshOut = join(paths.directory, 'fresh');
    const fresh = await backtest(paths, {
      out: freshOut,
      store: join(paths.directory, 'fresh.db'),
      args: ['--fresh'],
    });
    expect(fresh.code).toBe(0);
    expect(readReport(freshOut).summary.trades).toBeGreaterThan(0);
    expect(readFileSync(join(resumedOut, 'trades.csv'), 'utf8')).toBe(
      readFileSync(join(freshOut, 'trades.csv'), 'utf8'),
    );
  }, 180_000);

  it('SIGTERM while the command line is checked: exit 143, the start-up summary line, no store and no report', async () => {
    const paths = scratch();
    const store = join(paths.directory, 'backtest.db');
    const out = join(paths.directory, 'out');
    const outcome = await backtest(
      paths,
      { out, store, env: { SLOW_START_STEP: 'load' } },
      { signal: 'SIGTERM', on: 'slow start: loading the module' },
    );
    expect(outcome.signal).toBeNull();
    expect(outcome.code).toBe(143);
    expect(outcome.stdout).toMatch(
      /^ {2}interrupted during start-up \(SIGTERM\): nothing was run, the store was not opened$/m,
    );
    expect(existsSync(store)).toBe(false);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
  }, 120_000);
});
