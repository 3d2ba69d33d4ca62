import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../../src/config/configLoader.js';
import { defaultStorePath } from '../../../src/store/defaultStorePath.js';
import { runIdentity } from '../../../src/store/runIdentity.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';

const scratch = scratchDirectories('tradestate-paths-');

describe('default store paths', () => {
  it('give run one store and each distinct backtest its own, under store.directory', () => {
    const directory = scratch();
    const data = join(directory, 'bars.csv');
    writeFileSync(data, 'timestamp,open,high,low,close\n2025-01-06T00:00:00Z,1,1,1,1\n');
    const config = configFromObject({
      store: { directory },
      trading: { symbol: 'MSFT', data_source: { type: 'csv', path: data } },
    });
    const other = configFromObject({
      store: { directory },
      trading: { symbol: 'MSFT', data_source: { type: 'csv', path: data } },
      risk: { max_open_positions: 1 },
    });
    const run = defaultStorePath(config, 'accelerated', runIdentity(config));
    expect(run).toBe(join(directory, 'run.db'));
    expect(defaultStorePath(config, 'live', runIdentity(config))).toBe(run);
    const backtest = defaultStorePath(config, 'backtest', runIdentity(config));
    expect(backtest).toMatch(new RegExp(`^${directory}/backtests/MSFT-[0-9a-f]{12}\\.db$`));
    expect(defaultStorePath(config, 'backtest', runIdentity(config))).toBe(backtest);
    expect(defaultStorePath(other, 'backtest', runIdentity(other))).not.toBe(backtest);
  });

  it('keep a symbol with a slash (BTC/USDT) inside the directory, in one file name', () => {
    const config = configFromObject({ trading: { symbol: 'BTC/USDT' } });
    const path = defaultStorePath(config, 'backtest', runIdentity(config));
    expect(path).toMatch(/^data\/backtests\/BTC_USDT-[0-9a-f]{12}\.db$/);
  });
});

describe('the run identity of a CSV file', () => {
  it('is its content: the same bytes under another name or time are the same data, one changed byte is not', () => {
    const directory = scratch();
    const first = join(directory, 'a.csv');
    const second = join(directory, 'b.csv');
    const bytes = 'timestamp,open,high,low,close\n2025-01-06T00:00:00Z,1,1,1,1\n';
    writeFileSync(first, bytes);
    writeFileSync(second, bytes);
    const identity = (path: string) =>
      runIdentity(configFromObject({ trading: { data_source: { type: 'csv', path } } })).data;
    expect(identity(second)).toBe(identity(first));
    expect(identity(first)).toMatch(/^csv sha256:[0-9a-f]{16} \(\d+ bytes\)$/);
    writeFileSync(second, bytes.replace('1,1,1,1', '1,1,1,2'));
    expect(identity(second)).not.toBe(identity(first));
  });
});
