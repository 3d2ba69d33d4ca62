import { UserError } from '../errors/userError.js';

/**
 * The configuration cannot describe a data source (a CSV source without a path, a CSV source for
 * several symbols).
 *
 * @example
 * ```ts
 * await createDataSource({ ...config.trading.data_source, type: 'csv' }, { symbols: ['EURUSD'] });
 * // DataSourceConfigError: trading.data_source.path is required when type is "csv"
 * ```
 */
export class DataSourceConfigError extends UserError {
  override readonly name = 'DataSourceConfigError';
}
