import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { SystemConfig } from '../config/systemConfig.js';

/**
 * Where a run keeps its state when `store.path` is not set: `<store.directory>/run.db` for `run` (live or
 * replayed), and one file per backtest, `<store.directory>/backtests/<symbol>-<run hash>.db`, the hash
 * taken over the run's identity (data content, span, configuration). So a backtest never finds a paper-
 * trading session's store (nor deletes it with `--fresh`), two different backtests never block each
 * other, and the same backtest run again finds its own store (and resumes it if it was interrupted).
 *
 * @example
 * ```ts
 * defaultStorePath(config, 'backtest', runIdentity(config, span)); // './data/backtests/MSFT-3b1f0c2d9e8a.db'
 * ```
 */
export function defaultStorePath(
  config: SystemConfig,
  mode: 'live' | 'accelerated' | 'backtest',
  identity: Record<string, string>,
): string {
  const directory = config.store.directory;
  if (mode !== 'backtest') return join(directory, 'run.db');
  const symbol = (config.trading.symbols?.[0] ?? config.trading.symbol).replace(/[^A-Za-z0-9_-]/g, '_');
  const hash = createHash('sha256')
    .update(
      Object.entries(identity)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 12);
  return join(directory, 'backtests', `${symbol.slice(0, 40)}-${hash}.db`);
}
