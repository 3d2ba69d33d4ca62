import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SystemConfig } from '../config/systemConfig.js';

/**
 * The SHA-256 of a file's bytes (hex), read in 1 MB chunks; undefined when it cannot be read. What a
 * data file *is*, whatever its path or modification time.
 *
 * @example
 * ```ts
 * fileContentHash('examples/data/msft_2000_2001_daily.csv'); // 'a3f1…'
 * ```
 */
export function fileContentHash(path: string): { hash: string; bytes: number } | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      bytes += read;
    }
    return { hash: hash.digest('hex'), bytes };
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

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
 * the bars come from: the synthetic feed's seed and start, or the CSV file's content hash and size (not its
 * path or modification time: a copied or touched file is the same data), plus the span of the bars actually replayed (a backtest's `--from`/`--to`).
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
    const content = fileContentHash(resolve(source.path));
    data =
      content === undefined
        ? `csv ${resolve(source.path)} (missing)`
        : `csv sha256:${content.hash.slice(0, 16)} (${content.bytes} bytes)`;
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
