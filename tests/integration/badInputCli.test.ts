import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOutcome, repositoryRoot, runCli, startCli } from '../support/cliProcess.js';

const root = repositoryRoot;
const bad = join(root, 'tests/fixtures/bad');
const configCases = JSON.parse(readFileSync(join(bad, 'config/cases.json'), 'utf8')) as Record<
  string,
  string
>;
const csvCases = JSON.parse(readFileSync(join(bad, 'csv/cases.json'), 'utf8')) as Array<{
  file: string;
  message: string;
}>;

const commandLineCases = JSON.parse(readFileSync(join(bad, 'cli/cases.json'), 'utf8')) as Array<{
  name: string;
  args: string[];
  env?: Record<string, string>;
  message: string;
}>;

/** Runs the real CLI in `cwd` with only `env` set. */
function cli(args: string[], env: Record<string, string>, cwd: string): Promise<CliOutcome> {
  return runCli(args, { env, cwd });
}

/** Hash of every file under `directory` (names and contents). */
function treeHash(directory: string): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(`${full}\0`).update(readFileSync(full));
    }
  };
  walk(directory);
  return hash.digest('hex');
}

/** A bad input's outcome: exit 2, the expected message, no stack trace. */
function expectUserError(outcome: CliOutcome, message: string): void {
  expect(outcome.code, outcome.stderr).toBe(2);
  expect(outcome.stderr).toContain(message);
  expect(`${outcome.stdout}${outcome.stderr}`).not.toMatch(/^\s+at /m);
}

/** Runs `work` over `items`, `width` at a time (each item is a child process). */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  for (let index = 0; index < items.length; index += width) {
    await Promise.all(items.slice(index, index + width).map(work));
  }
}

// One persisted run (store and report) in a scratch directory; every bad invocation below uses the same
// store and output directory, and must leave them byte for byte as they were.
const work = mkdtempSync(join(tmpdir(), 'tradestate-bad-input-'));
const storeEnv = { STORE_PATH: join(work, 'store', 'tradestate.db') };
const out = join(work, 'out');
let before = '';

beforeAll(async () => {
  const good = await cli(
    [
      'backtest',
      '--data',
      join(root, 'examples/data/msft_2000_2001_daily.csv'),
      '--symbol',
      'MSFT',
      '--out',
      out,
    ],
    storeEnv,
    work,
  );
  expect(good.code, good.stderr).toBe(0);
  // Something was persisted, so "unchanged" below means something.
  expect(statSync(storeEnv.STORE_PATH).size).toBeGreaterThan(0);
  expect(readdirSync(out)).toContain('report.json');
  before = treeHash(work);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Fills the placeholders of tests/fixtures/bad/cli/cases.json. */
function fill(text: string): string {
  return text
    .replaceAll('{work}', work)
    .replaceAll('{out}', out)
    .replaceAll('{msft}', join(root, 'examples/data/msft_2000_2001_daily.csv'))
    .replaceAll('{cli}', join(bad, 'cli'))
    .replaceAll('{bad}', bad);
}

describe('bad input through the real CLI: exit 2, a message naming the problem and where, no stack trace', () => {
  it('rejects every bad config of the corpus with `tradestate config --config FILE`', async () => {
    await inBatches(Object.entries(configCases), 6, async ([file, message]) => {
      const outcome = await cli(['config', '--config', join(bad, 'config', file)], storeEnv, work);
      expectUserError(outcome, message);
    });
    expect(treeHash(work)).toBe(before);
  }, 300_000);

  it('rejects every bad CSV of the corpus with `tradestate backtest --data FILE`, changing nothing persisted', async () => {
    await inBatches(csvCases, 8, async ({ file, message }) => {
      const outcome = await cli(['backtest', '--data', join(bad, 'csv', file), '--out', out], storeEnv, work);
      expectUserError(outcome, message);
    });
    expect(treeHash(work)).toBe(before);
  }, 300_000);

  it('rejects a missing config file, a missing data file and override variables with bad values', async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [
        ['config', '--config', join(work, 'nope.yaml')],
        {},
        `config file not found: ${join(work, 'nope.yaml')}`,
      ],
      [
        ['backtest', '--data', join(work, 'nope.csv'), '--out', out],
        {},
        `file not found: ${join(work, 'nope.csv')}`,
      ],
      [
        ['config'],
        { TRADING_MAX_CANDLES: 'abc' },
        '$TRADING_MAX_CANDLES trading.max_candles: expected an integer, got "abc"',
      ],
      [
        ['backtest', '--data', join(root, 'examples/data/msft_2000_2001_daily.csv'), '--out', out],
        { SERVICES_DATA_FETCHING_FETCH_INTERVAL: '-3' },
        '$SERVICES_DATA_FETCHING_FETCH_INTERVAL services.data_fetching.fetch_interval: expected a positive number, got -3',
      ],
    ];
    for (const [args, env, message] of cases) {
      expectUserError(await cli(args, { ...storeEnv, ...env }, work), message);
    }
    expect(treeHash(work)).toBe(before);
  }, 60_000);

  it('rejects every bad command line, path, port, date, number and strategy module before opening the store, even with --fresh', async () => {
    await inBatches(commandLineCases, 6, async (badCase) => {
      const env = Object.fromEntries(
        Object.entries(badCase.env ?? {}).map(([name, value]) => [name, fill(value)]),
      );
      const outcome = await cli(badCase.args.map(fill), { ...storeEnv, ...env }, work);
      expect(outcome.code, `${badCase.name}: ${outcome.stderr}`).toBe(2);
      expect(outcome.stderr, badCase.name).toContain(fill(badCase.message));
      expect(outcome.stderr, badCase.name).not.toMatch(/^\s+at /m);
      expect(outcome.stderr.split('\n').length, badCase.name).toBeLessThan(6);
    });
    expect(treeHash(work)).toBe(before);
  }, 300_000);

  it('leaves the store and the report untouched when the process is killed during validation of a --fresh backtest', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tradestate-kill-'));
    const marker = join(scratch, 'validating');
    try {
      const hanging = startCli(
        [
          'backtest',
          '--data',
          join(root, 'examples/data/msft_2000_2001_daily.csv'),
          '--symbol',
          'MSFT',
          '--out',
          out,
          '--fresh',
          '--strategies',
          join(bad, 'cli/hangs-during-validation.mjs'),
        ],
        { cwd: work, env: { ...storeEnv, TRADESTATE_TEST_MARKER: marker } },
      );
      const deadline = Date.now() + 60_000;
      while (!existsSync(marker) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(existsSync(marker)).toBe(true);
      hanging.child.kill('SIGKILL');
      expect((await hanging.outcome).signal).toBe('SIGKILL');
      expect(treeHash(work)).toBe(before);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 90_000);
});
