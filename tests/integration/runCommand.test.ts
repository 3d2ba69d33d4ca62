import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const msft = 'tests/fixtures/market/msft_2000_2001_daily.csv';

interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Environment without the overrides a developer's shell might carry (TRADING_SYMBOL, LOGGING_LEVEL...). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TRADING|SERVICES|LOGGING|EVENT_BUS|ORCHESTRATOR|RISK|STORE)_/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** `tradestate <args>` as a user runs it; `onStderr` sees stderr as it arrives (to send a signal). */
function tradestate(
  args: string[],
  options: { env?: Record<string, string>; onStderr?: (soFar: string, child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Each run gets its own store: the default ./data/tradestate.db would be shared by every test and run.
    const store = { STORE_PATH: join(mkdtempSync(join(tmpdir(), 'tradestate-run-')), 'store.db') };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: cleanEnv({ ...store, ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** `  orders           14` → 14 */
function summaryValue(stdout: string, label: string): number {
  const match = new RegExp(`^  ${label}\\s+(-?[\\d.]+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${label}" in the summary:\n${stdout}`);
  return Number(match[1]);
}

const noStackTrace = /^\s+at /m;

// Each case starts Node and tsx (seconds on a busy machine): a generous timeout, and one process at a time.
describe('tradestate run (spawned as a user runs it)', { timeout: 60_000 }, () => {
  it('runs 600 candles of the synthetic feed, exits 0 and prints a summary consistent with the log', async ({
    expect,
  }) => {
    const result = await tradestate(['run', '--max-candles', '600']);
    expect(result.stderr).not.toMatch(/ERROR|internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Run summary$/m);
    expect(summaryValue(result.stdout, 'candles')).toBe(600);
    const placed = result.stderr.match(/\[TradeExecutionService\] INFO [\w.]+: Order placed: /g) ?? [];
    expect(placed.length).toBeGreaterThan(0);
    expect(summaryValue(result.stdout, 'orders')).toBe(placed.length);
    expect(result.stdout).toMatch(new RegExp(`trade_execution .*orders_placed=${placed.length}\\b`));
    expect(result.stdout).toMatch(/data_fetching .*data_fetches=600 new_candles_detected=600 fetch_errors=0/);
    const entries = (result.stderr.match(/Entry signal /g) ?? []).length;
    const exits = (result.stderr.match(/Exit signal /g) ?? []).length;
    expect(result.stdout).toContain(`signals          ${entries} entries, ${exits} exits`);
    expect(result.stdout).toMatch(/Orchestrator {2}status=stopped services=4 restarts=0/);
    // Logs go to stderr, the summary to stdout.
    expect(result.stdout).not.toMatch(/^\[\d{4}-/m);
  });

  it.for([
    [
      ['--max-candles', 'abc'],
      /--max-candles must be a whole number of at least 1, in decimal digits, got "abc"/,
    ],
    [
      ['--max-candles', '0'],
      /--max-candles must be a whole number of at least 1, in decimal digits, got "0"/,
    ],
    [['--services', 'nope'], /--services: unknown service "nope" \(known: data_fetching, /],
    [['--inspect=remote'], /--inspect must be local or sky, got "remote"/],
    [['--no-such-flag'], /no-such-flag/],
  ] as Array<[string[], RegExp]>)(
    'exits 2 naming the flag for run %j, without a stack trace',
    async ([flags, message], { expect }) => {
      const result = await tradestate(['run', ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain("Run 'tradestate run --help' for usage.");
      expect(result.stderr).not.toMatch(noStackTrace);
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 naming a --data file that does not exist, without a stack trace', async ({ expect }) => {
    const result = await tradestate(['run', '--data', 'missing.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.csv/);
    expect(result.stderr).not.toMatch(noStackTrace);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it('replays a CSV file with --data and --symbol, on the time line of the file', async ({ expect }) => {
    // MSFT as a stock, 10 shares an order: with the FX defaults (100,000-unit lots) every order needs more
    // margin than the account has and is rejected.
    const result = await tradestate(['run', '--data', msft, '--symbol', 'MSFT'], {
      env: {
        TRADING_INSTRUMENTS: '{"MSFT":{"asset_class":"stock"}}',
        TRADING_SIZING_FIXED_SIZE: '10',
        RISK_MAX_POSITION_SIZE: '100',
      },
    });
    expect(result.code).toBe(0);
    expect(summaryValue(result.stdout, 'candles')).toBe(249);
    expect(result.stderr).toMatch(/Order placed: open \w+ 10 MSFT/);
    expect(result.stderr).toMatch(/client_order_id=\w+:MSFT:1440:/);
    // The simulated clock follows the file (2000-2001), not the synthetic feed's start.
    const stamps = [...result.stderr.matchAll(/^\[(\d{4})-/gm)].map((match) => match[1]);
    expect(stamps.length).toBeGreaterThan(0);
    expect(new Set(stamps)).toEqual(new Set(['2000', '2001']));
  });

  it('stops gracefully on SIGINT during --live: exit 0, summary printed, services stopped once', async ({
    expect,
  }) => {
    let sent = false;
    const result = await tradestate(['run', '--live'], {
      env: { SERVICES_DATA_FETCHING_FETCH_INTERVAL: '0.05' },
      onStderr: (soFar, child) => {
        if (!sent && soFar.includes('All services running')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/SIGINT received: stopping gracefully/);
    expect(result.stderr).toMatch(/\[TradeExecutionService\] INFO [\w.]+: STOPPING -> STOPPED/);
    expect(result.stderr.match(/Stopping services/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/ignored STOP/);
    expect(result.stdout).toMatch(/^Run summary$/m);
    expect(summaryValue(result.stdout, 'candles')).toBeGreaterThanOrEqual(0);
  });
});
