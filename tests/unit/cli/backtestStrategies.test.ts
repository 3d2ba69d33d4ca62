import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { fakeCliIO } from '../../support/fakeCliIO.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const at = (path: string) => join(root, path);

describe('tradestate backtest --strategies', () => {
  it('backtests a strategy type defined in the user module and named in the config', async () => {
    const { io, stdout, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' } });
    const code = await main(
      [
        'backtest',
        '--data',
        at('examples/data/msft_2000_2001_daily.csv'),
        '--symbol',
        'MSFT',
        '--config',
        at('examples/config/breakout.yaml'),
        '--strategies',
        at('examples/strategies/closeBreakout.js'),
        '--out',
        'out',
      ],
      io,
    );
    expect(code, stderr()).toBe(0);
    const trades = readFileSync(join(io.cwd, 'out', 'trades.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(trades.length).toBeGreaterThan(5);
    expect(trades.every((row) => row.includes(',breakout,'))).toBe(true);
    expect(stdout()).toContain('Trades');
  });

  it('names the strategy type when the config uses one that no module provides', async () => {
    const { io, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:', LOGGING_LEVEL: 'SILENT' } });
    const code = await main(
      [
        'backtest',
        '--data',
        at('examples/data/msft_2000_2001_daily.csv'),
        '--symbol',
        'MSFT',
        '--config',
        at('examples/config/breakout.yaml'),
      ],
      io,
    );
    expect(code).toBe(2);
    expect(stderr()).toMatch(/close_breakout/);
    expect(stderr()).not.toMatch(/\n\s+at /);
  });

  it('refuses a module that exports no strategy definition, naming the file', async () => {
    const { io, stderr } = fakeCliIO({ env: { STORE_PATH: ':memory:' } });
    const code = await main(
      [
        'backtest',
        '--data',
        at('examples/data/msft_2000_2001_daily.csv'),
        '--strategies',
        at('examples/config/stocks.yaml'),
      ],
      io,
    );
    expect(code).toBe(2);
    expect(stderr()).toContain('--strategies');
  });
});
