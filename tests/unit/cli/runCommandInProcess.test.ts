import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const at = (path: string) => join(root, path);
const memoryStore = { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' };

/**
 * A scratch working directory whose default stores live under it: the store's directory is resolved against
 * the process's directory, not the command's `cwd`, so it is given as an absolute path.
 */
function scratch(env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'tradestate-run-'));
  return {
    ...fakeCliIO({ cwd, env: { STORE_DIRECTORY: join(cwd, 'data'), LOGGING_LEVEL: 'SILENT', ...env } }),
    cwd,
  };
}

/** `  candles          300` → 300 */
function summaryValue(stdout: string, label: string): number {
  const match = new RegExp(`^  ${label}\\s+(-?[\\d.]+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${label}" in the summary:\n${stdout}`);
  return Number(match[1]);
}

describe('tradestate run (in process)', () => {
  it('runs the synthetic feed for --max-candles candles, prints the summary and exits 0', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: memoryStore });
    expect(await main(['run', '--max-candles', '120'], io), stderr()).toBe(exitCodes.success);
    expect(summaryValue(stdout(), 'candles')).toBe(120);
    expect(stdout()).toContain('Run summary');
    expect(stdout()).toMatch(/^Orchestrator {2}status=stopped services=4 restarts=0$/m);
  });

  it('replays a CSV given with --data for the --symbol, and the same input gives the same summary', async () => {
    const args = ['run', '--data', at('examples/data/msft_2000_2001_daily.csv'), '--symbol', 'MSFT'];
    const first = fakeCliIO({ env: memoryStore });
    const second = fakeCliIO({ env: memoryStore });
    expect(await main(args, first.io), first.stderr()).toBe(exitCodes.success);
    expect(await main(args, second.io), second.stderr()).toBe(exitCodes.success);
    expect(summaryValue(first.stdout(), 'candles')).toBe(
      readFileSync(at('examples/data/msft_2000_2001_daily.csv'), 'utf8').trim().split('\n').length - 1,
    );
    expect(first.stdout()).toBe(second.stdout());
  });

  it('stores nothing when --services names the services of this process', async () => {
    const { io, stderr } = scratch();
    const all = 'data_fetching,indicator_calculation,strategy_evaluation,trade_execution';
    expect(await main(['run', '--services', all, '--max-candles', '30'], io), stderr()).toBe(0);
    expect(existsSync(join(io.cwd, 'data'))).toBe(false);
  });

  it('keeps its state in the default store under the working directory without --services', async () => {
    const { io, stderr } = scratch();
    expect(await main(['run', '--max-candles', '30'], io), stderr()).toBe(0);
    expect(existsSync(join(io.cwd, 'data', 'run.db'))).toBe(true);
  });

  it('writes the logs to --log-file instead of stderr', async () => {
    const { io, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:' } });
    expect(await main(['run', '--max-candles', '20', '--log-file', 'run.log'], io), stderr()).toBe(0);
    expect(readFileSync(join(io.cwd, 'run.log'), 'utf8')).toMatch(/INFO .*All services running/);
    expect(stderr()).not.toContain('All services running');
  });

  it('runs a strategy type from the --strategies module that the --config names', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: memoryStore });
    const code = await main(
      [
        'run',
        '--data',
        at('examples/data/msft_2000_2001_daily.csv'),
        '--symbol',
        'MSFT',
        '--config',
        at('examples/config/breakout.yaml'),
        '--strategies',
        at('examples/strategies/closeBreakout.js'),
      ],
      io,
    );
    expect(code, stderr()).toBe(0);
    expect(summaryValue(stdout(), 'orders')).toBeGreaterThan(5);
  });

  it('exits 4 and prints the supervision section when a service failed once and was restarted', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: memoryStore });
    writeFileSync(
      join(io.cwd, 'faults.yaml'),
      [
        'faults:',
        '  enabled: true',
        '  rules:',
        '    - { service: strategy_evaluation, event_type: IndicatorsCalculatedEvent, at: [40] }',
      ].join('\n'),
    );
    const code = await main(['run', '--config', 'faults.yaml', '--max-candles', '80'], io);
    expect(code, stderr()).toBe(exitCodes.recovered);
    expect(stdout()).toContain('Supervision      recovered (exit code 4)');
    expect(stdout()).toContain('strategy_evaluation');
  });
});

describe('tradestate run: bad flags exit 2 with a message naming the flag, before anything runs', () => {
  it.each([
    [['--inspect=web'], '--inspect must be local or sky, got "web"'],
    [
      ['--services', 'data_fetching,strategy'],
      '--services: unknown service "strategy" (known: data_fetching',
    ],
    [['--live-trading'], '--live-trading needs trading.data_source.type: ccxt'],
    [['--max-candles', '0'], '--max-candles'],
    [['--data', 'missing.csv'], 'missing.csv'],
  ])('run %j', async (flags, message) => {
    const { io, stdout, stderr } = scratch();
    expect(await main(['run', ...flags], io)).toBe(exitCodes.userError);
    expect(stderr()).toContain(message);
    expect(stderr()).not.toContain('internal error');
    expect(stdout()).toBe('');
    expect(existsSync(join(io.cwd, 'data'))).toBe(false);
  });
});
