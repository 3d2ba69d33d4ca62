import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/market/${name}`, import.meta.url));

/** `tradestate backtest` of a fixture in a scratch directory, with `yaml` as its configuration. */
async function backtest(file: string, symbol: string, yaml: string, ...flags: string[]) {
  const fake = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' } });
  writeFileSync(join(fake.io.cwd, 'config.yaml'), `logging: { level: SILENT }\n${yaml}`);
  const code = await main(
    [
      'backtest',
      '--data',
      file,
      '--symbol',
      symbol,
      '--config',
      'config.yaml',
      '--quiet',
      '--out',
      'out',
      ...flags,
    ],
    fake.io,
  );
  const read = (name: string) => readFileSync(join(fake.io.cwd, 'out', name), 'utf8');
  return { code, stdout: fake.stdout(), stderr: fake.stderr(), read };
}

describe('tradestate backtest of a coin worth a fraction of a cent (SHIB/USDT at 0.00001)', () => {
  const usdtAccount =
    'trading: { account_currency: USDT, sizing: { mode: fixed, fixed_size: 1000000 } }\nrisk: { max_position_size: 10000000 }\n';

  it('fills at the prices of the data (8 decimals), says which tick it took, and writes no exponent or NaN', async () => {
    const run = await backtest(fixture('shibusdt_1h_8_decimals.csv'), 'SHIBUSDT', usdtAccount);
    expect(run.code, run.stderr).toBe(exitCodes.success);
    expect(run.stderr).toContain('Note: SHIBUSDT prices are written with 8 decimals');
    const rows = run.read('trades.csv').trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const [entry, exit] = row.split(',').slice(6, 8).map(Number);
      expect(entry, row).toBeGreaterThan(0.000008);
      expect(entry, row).toBeLessThan(0.00002);
      expect(exit, row).toBeGreaterThan(0.000008);
    }
    for (const name of ['trades.csv', 'equity.csv'])
      expect(run.read(name), name).not.toMatch(/NaN|Infinity|\de-\d/);
    expect(run.read('report.json')).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(run.read('report.json')).config.trading.instruments.SHIBUSDT).toEqual({
      tick_size: 1e-8,
      pip_size: 1e-8,
    });
  });

  it('refuses, before anything runs, a symbol whose profile would fill it at 0 or below (exit 2)', async () => {
    const run = await backtest(fixture('shibusdt_1h_8_decimals.csv'), 'SHIB', '');
    expect(run.code).toBe(exitCodes.userError);
    expect(run.stderr).toMatch(
      /^tradestate backtest: SHIB trades as low as 0\.0000\d+, but .* could fill at 0 or below; set trading\.instruments\.SHIB\.tick_size and pip_size/m,
    );
    expect(run.stdout).toBe('');
  });
});

describe('tradestate backtest of second bars (E-mini S&P, 1 s)', () => {
  it('refuses them before the run, naming file, line and spacing and saying to aggregate to 1-minute bars (exit 2)', async () => {
    const run = await backtest(fixture('es_1s_second_bars.csv'), 'ES', '');
    expect(run.code).toBe(exitCodes.userError);
    expect(run.stderr).toMatch(
      /^tradestate backtest: .*es_1s_second_bars\.csv:3: bars 1 s apart \(the usual spacing of the file; this one at 2024-05-01T13:30:01\.000Z\): .*aggregate the file to 1-minute bars/m,
    );
    expect(run.stdout).toBe('');
  });
});

describe('tradestate backtest of a file written newest first', () => {
  it('trades exactly as on the same rows oldest first', async () => {
    const msft = fixture('msft_2000_2001_daily.csv');
    const [header, ...rows] = readFileSync(msft, 'utf8').trim().split('\n');
    const reversed = join(mkdtempSync(join(tmpdir(), 'newest-first-')), 'msft_newest_first.csv');
    writeFileSync(reversed, `${[header, ...rows.reverse()].join('\n')}\n`);
    const stocks =
      'trading: { instruments: { MSFT: { asset_class: stock } }, sizing: { mode: risk_percent, risk_percent: 1 } }\n';
    const oldestFirst = await backtest(msft, 'MSFT', stocks);
    const newestFirst = await backtest(reversed, 'MSFT', stocks);
    expect(newestFirst.code, newestFirst.stderr).toBe(exitCodes.success);
    expect(oldestFirst.read('trades.csv').split('\n').length).toBeGreaterThan(3);
    expect(newestFirst.read('trades.csv')).toBe(oldestFirst.read('trades.csv'));
    expect(newestFirst.read('equity.csv')).toBe(oldestFirst.read('equity.csv'));
  });
});
