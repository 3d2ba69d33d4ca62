import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { exitCodes } from '../../../src/errors/exitCodes.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const msftLines = readFileSync(
  fileURLToPath(new URL('../../../examples/data/msft_2000_2001_daily.csv', import.meta.url)),
  'utf8',
)
  .trim()
  .split('\n');

/** A scratch directory holding `bars.csv` (the header and `rows` of the MSFT example) and `config.yaml`. */
function scratch(rows: string[], yaml = '') {
  const fake = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' } });
  writeFileSync(join(fake.io.cwd, 'bars.csv'), `${[msftLines[0], ...rows].join('\n')}\n`);
  writeFileSync(join(fake.io.cwd, 'config.yaml'), `logging: { level: SILENT }\n${yaml}`);
  const backtest = (...flags: string[]) =>
    main(
      ['backtest', '--data', 'bars.csv', '--symbol', 'MSFT', '--config', 'config.yaml', '--quiet', ...flags],
      fake.io,
    );
  return { ...fake, backtest };
}

describe('tradestate backtest: what it says about the data', () => {
  it('lists the rows it skipped with on_bad_row: skip, by line and reason, and still runs', async () => {
    const rows = msftLines.slice(1, 120);
    rows.splice(10, 0, 'not,a,bar');
    const { backtest, stderr, stdout } = scratch(rows, 'trading: { data_source: { on_bad_row: skip } }\n');
    expect(await backtest('--out', 'report'), stderr()).toBe(exitCodes.success);
    expect(stderr()).toMatch(/^Skipped 1 bad rows of bars\.csv \(on_bad_row: skip\):\n {2}line 12: /m);
    expect(stdout()).toContain('Backtest of MSFT on bars.csv');
  });

  it('warns that data shorter than the warm-up makes no trades, and still writes the report', async () => {
    const { backtest, stderr, stdout } = scratch(msftLines.slice(1, 6));
    expect(await backtest('--out', 'report'), stderr()).toBe(exitCodes.success);
    expect(stderr()).toMatch(/^warning: bars\.csv has 5 bars, fewer than the \d+ .*expect no trades$/m);
    expect(stdout()).toMatch(/^Report: .*report/m);
  });

  it('refuses a --from/--to window without bars, naming the file and the window (exit 2)', async () => {
    const { backtest, stderr } = scratch(msftLines.slice(1, 60));
    expect(await backtest('--from', '2010-01-01', '--to', '2010-12-31')).toBe(exitCodes.userError);
    expect(stderr()).toContain('no bars in bars.csv between 2010-01-01 and 2010-12-31');
  });

  it('warns before the run that a stock left with the FX defaults is set up like a currency pair, naming the setting', async () => {
    const { backtest, stderr } = scratch(msftLines.slice(1, 80));
    expect(await backtest('--out', 'report'), stderr()).toBe(exitCodes.success);
    expect(stderr()).toMatch(
      /^Warning: MSFT trades at [\d.]+–[\d.]+ but is set up like a currency pair .*trading\.instruments\.MSFT\.asset_class: stock/m,
    );
  });

  it('says nothing about the price scale of a stock declared as one', async () => {
    const { backtest, stderr } = scratch(
      msftLines.slice(1, 80),
      'trading: { instruments: { MSFT: { asset_class: stock } } }\n',
    );
    expect(await backtest('--out', 'report'), stderr()).toBe(exitCodes.success);
    expect(stderr()).not.toContain('Warning:');
  });

  it('requires --data', async () => {
    const { io, stderr } = fakeCliIO();
    expect(await main(['backtest', '--symbol', 'MSFT'], io)).toBe(exitCodes.userError);
    expect(stderr()).toContain('tradestate backtest: --data FILE.csv is required');
  });
});
