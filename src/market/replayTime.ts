import { DataSourceConfigError } from './dataSourceConfigError.js';

/**
 * A CSV replay's `from` / `to` bound as epoch milliseconds: ISO-8601 text or a number; undefined stays
 * undefined. Throws `DataSourceConfigError` naming the bound for text that is not a date.
 *
 * @example
 * ```ts
 * replayTime('2001-01-01', 'from'); // 978307200000
 * ```
 */
export function replayTime(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time))
    throw new DataSourceConfigError(`CSV replay "${name}" is not a date: ${JSON.stringify(value)}`);
  return time;
}
