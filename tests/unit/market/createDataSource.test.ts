import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { createDataSource } from '../../../src/market/createDataSource.js';
import { CsvDataSource } from '../../../src/market/csvDataSource.js';
import { DataSourceConfigError } from '../../../src/market/dataSourceConfigError.js';
import { InvalidTimeframeError } from '../../../src/market/invalidTimeframeError.js';
import { SyntheticDataSource } from '../../../src/market/syntheticDataSource.js';

const defaults = SystemConfigSchema.parse({}).trading.data_source;
const msft = join(import.meta.dirname, '../../fixtures/market/msft_2000_2001_daily.csv');

describe('createDataSource', () => {
  it('builds the seeded synthetic feed from the default configuration', async () => {
    const source = await createDataSource(defaults, { symbols: ['EURUSD'] });
    expect(source).toBeInstanceOf(SyntheticDataSource);
    expect(source.baseTimeframe).toBe('1');
    const bar = await source.next('EURUSD');
    expect(bar?.time).toBe(Date.parse(defaults.start));
    const again = await (await createDataSource(defaults, { symbols: ['EURUSD'] })).next('EURUSD');
    expect(again).toEqual(bar);
  });

  it('uses base_timeframe for the synthetic bar spacing and rejects an invalid one', async () => {
    const source = await createDataSource({ ...defaults, base_timeframe: '15' }, { symbols: ['EURUSD'] });
    const first = (await source.next('EURUSD'))!;
    expect((await source.next('EURUSD'))!.time - first.time).toBe(15 * 60_000);
    await expect(
      createDataSource({ ...defaults, base_timeframe: 'M15' }, { symbols: ['EURUSD'] }),
    ).rejects.toThrow(InvalidTimeframeError);
  });

  it('builds a CSV replay bound to the single configured symbol, with the inferred base timeframe', async () => {
    const source = await createDataSource({ ...defaults, type: 'csv', path: msft }, { symbols: ['MSFT'] });
    expect(source).toBeInstanceOf(CsvDataSource);
    expect(source.baseTimeframe).toBe('1440');
    expect((await source.next('MSFT'))?.time).toBe(Date.parse('2000-09-27T00:00:00Z'));
  });

  it('rejects a CSV source without a path or with several symbols', async () => {
    await expect(createDataSource({ ...defaults, type: 'csv' }, { symbols: ['MSFT'] })).rejects.toThrow(
      DataSourceConfigError,
    );
    await expect(
      createDataSource({ ...defaults, type: 'csv', path: msft }, { symbols: ['EURUSD', 'GBPUSD'] }),
    ).rejects.toThrow(/a CSV file holds one symbol, but 2 are configured/);
  });
});
