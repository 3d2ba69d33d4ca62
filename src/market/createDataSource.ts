import type { SystemConfig } from '../config/systemConfig.js';
import { CsvDataSource } from './csvDataSource.js';
import type { DataSource } from './dataSource.js';
import { DataSourceConfigError } from './dataSourceConfigError.js';
import { SyntheticDataSource } from './syntheticDataSource.js';
import { timeframeToMilliseconds } from './timeframeToMilliseconds.js';

/** `trading.data_source` of the configuration. */
export type DataSourceConfig = SystemConfig['trading']['data_source'];

/**
 * Builds the data source that `trading.data_source` describes: the seeded synthetic feed
 * (`type: synthetic`, base timeframe from `base_timeframe`) or a CSV replay (`type: csv`, base
 * timeframe inferred from the file; read `source.baseTimeframe`). A CSV file holds one symbol, so
 * `symbols` must name exactly one; it becomes the file's symbol.
 *
 * @example
 * ```ts
 * const source = await createDataSource(config.trading.data_source, { symbols: ['EURUSD'] });
 * const manager = new DataSourceManager(source, { timeframes: config.trading.timeframes, baseTimeframe: source.baseTimeframe ?? '1' });
 * ```
 */
export async function createDataSource(
  config: DataSourceConfig,
  context: { symbols: readonly string[] },
): Promise<DataSource> {
  if (config.type === 'csv') {
    if (config.path === undefined || config.path === '') {
      throw new DataSourceConfigError('trading.data_source.path is required when type is "csv"');
    }
    if (context.symbols.length !== 1) {
      throw new DataSourceConfigError(
        `a CSV file holds one symbol, but ${context.symbols.length} are configured (${context.symbols.join(', ')})`,
      );
    }
    return CsvDataSource.fromFile(config.path, { symbol: context.symbols[0]!, onBadRow: config.on_bad_row });
  }
  if (config.type === 'ccxt') {
    // Loaded on demand: ccxt is large, and runs on files or the synthetic feed never need it.
    const { openCcxtDataSource } = await import('./ccxt/openCcxtDataSource.js');
    return openCcxtDataSource(config, context);
  }
  const baseTimeframeMinutes = timeframeToMilliseconds(config.base_timeframe) / 60_000;
  return new SyntheticDataSource({ seed: config.seed, start: config.start, baseTimeframeMinutes });
}
