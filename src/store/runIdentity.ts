import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SystemConfig } from '../config/systemConfig.js';

/** Stable JSON: object keys sorted, so the hash does not depend on the order keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The identity of a run, recorded in a new store and compared when it is resumed (`StoreIdentityError`
 * names what differs): `symbols`, `timeframes`, `strategies` (name:type), `config_hash`, a hash of the resolved configuration without what cannot change the
 * trades (logging, the store itself, HTTP and inspector endpoints, run limits and pacing), and `data`, what
 * the bars come from: the synthetic feed's seed and start, or the CSV file's path, size and modification
 * time, plus the span of the bars actually replayed (a backtest's `--from`/`--to`).
 *
 * @example
 * ```ts
 * TradingStore.open(config.store.path, { identity: runIdentity(config, { bars: 500, first, last }) });
 * ```
 */
export function runIdentity(
  config: SystemConfig,
  span?: { bars: number; first: number; last: number },
): Record<string, string> {
  const {
    logging: _logging,
    store: _store,
    orchestrator: { http: _http, inspect: _inspect, ...orchestrator },
    trading: { max_candles: _max, max_duration_seconds: _duration, speed: _speed, ...trading },
    ...rest
  } = config;
  const hash = createHash('sha256')
    .update(canonical({ ...rest, orchestrator, trading }))
    .digest('hex')
    .slice(0, 16);
  const source = config.trading.data_source;
  let data: string;
  if (source.type === 'csv' && source.path) {
    const path = resolve(source.path);
    const stat = statSync(path, { throwIfNoEntry: false });
    data = `csv ${path} (${stat?.size ?? 'missing'} bytes, modified ${stat ? new Date(stat.mtimeMs).toISOString() : '-'})`;
  } else {
    data = `${source.type} seed ${source.seed} from ${source.start}`;
  }
  if (span !== undefined) {
    const iso = (time: number) => new Date(time).toISOString();
    data += `, ${span.bars} bars ${iso(span.first)}..${iso(span.last)}`;
  }
  // Named beside the hash, so that a refused resume says what differs in the common cases.
  const symbols = (config.trading.symbols ?? [config.trading.symbol]).join(',');
  const strategies = config.services.strategy_evaluation.strategies
    .map((strategy) => `${strategy.name}:${strategy.type}`)
    .join(',');
  return { config_hash: hash, data, symbols, strategies, timeframes: config.trading.timeframes.join(',') };
}
