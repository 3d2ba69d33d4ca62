import { UserError } from '../errors/userError.js';

/**
 * A data source delivered a bar the manager cannot use: out of time order, closer to the previous bar
 * than one base timeframe (a duplicate, or a source finer than the configured base timeframe), or with
 * inconsistent prices. Thrown from `DataSourceManager.poll`, so the fetching service can count it as a
 * fetch error and the supervisor can restart or stop the feed.
 *
 * @example
 * ```ts
 * try {
 *   await manager.poll('EURUSD');
 * } catch (error) {
 *   if (error instanceof InvalidBarError) logger.error({ symbol: error.symbol, time: error.time }, error.message);
 * }
 * ```
 */
export class InvalidBarError extends UserError {
  override readonly name = 'InvalidBarError';

  constructor(
    readonly source: string,
    readonly symbol: string,
    readonly time: number,
    readonly reason: string,
  ) {
    super(`data source "${source}" gave an invalid ${symbol} bar at ${formatTime(time)}: ${reason}`);
  }
}

function formatTime(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : String(time);
}
