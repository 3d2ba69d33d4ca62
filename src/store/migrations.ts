import type Database from 'better-sqlite3';
import { StoreVersionError } from './storeVersionError.js';

/** One step of the schema: applied once, in order, to bring a store from `version - 1` to `version`. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The schema, as an ordered list of steps. Never edit a step that has shipped: append a new one (stores on
 * disk have already run the old ones). The version reached is kept in `PRAGMA user_version`, which lives in
 * the file header and is written in the same transaction as the step, so a crash mid-migration leaves the
 * store at the previous version with none of the step applied.
 *
 * Money is stored as REAL rounded to cents by the caller (see paperAccounting's money rule); times are
 * epoch milliseconds (INTEGER); JSON columns hold `JSON.stringify` output.
 *
 * @example
 * ```ts
 * migrations.at(-1)?.version; // the version a freshly created store has
 * ```
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'orders outbox, fills, positions, account, checkpoints, meta',
    sql: `
      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        symbol TEXT NOT NULL,
        strategy TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        candle_time INTEGER NOT NULL,
        intent TEXT NOT NULL CHECK (intent IN ('open', 'close')),
        direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
        size REAL NOT NULL,
        reference_price REAL NOT NULL,
        stop_loss REAL,
        take_profit REAL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'filled', 'rejected')),
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        correlation_id TEXT
      ) STRICT;
      CREATE INDEX orders_pending ON orders (status) WHERE status = 'pending';

      CREATE TABLE fills (
        client_order_id TEXT NOT NULL UNIQUE REFERENCES orders (client_order_id),
        price REAL NOT NULL,
        size REAL NOT NULL,
        commission REAL NOT NULL,
        realized_pnl REAL,
        time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE positions (
        symbol TEXT NOT NULL,
        strategy TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
        size REAL NOT NULL,
        entry_price REAL NOT NULL,
        entry_time INTEGER NOT NULL,
        client_order_id TEXT NOT NULL,
        stop_loss REAL,
        take_profit REAL,
        PRIMARY KEY (symbol, strategy)
      ) STRICT;

      CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        balance REAL NOT NULL,
        equity REAL NOT NULL,
        unrealized_pnl REAL NOT NULL,
        peak_equity REAL NOT NULL,
        realized_pnl REAL NOT NULL,
        commission_paid REAL NOT NULL,
        day_start INTEGER NOT NULL,
        daily_realized_pnl REAL NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE checkpoints (
        service TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (service, key)
      ) STRICT;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'equity curve of a run (one point per base candle), so a resumed backtest reports all of it',
    sql: `
      CREATE TABLE equity_curve (
        time INTEGER PRIMARY KEY,
        balance REAL NOT NULL,
        equity REAL NOT NULL,
        in_market INTEGER NOT NULL CHECK (in_market IN (0, 1))
      ) STRICT;
    `,
  },
  {
    version: 3,
    description:
      'equity curve in chunks (a BLOB of packed points per checkpoint, see EquityChunks): a row per point was the largest store cost of a backtest; the rows of older stores are still read, before the chunks',
    sql: `
      CREATE TABLE equity_chunks (
        id INTEGER PRIMARY KEY,
        points BLOB NOT NULL
      ) STRICT;
    `,
  },
];

/** The newest schema version this code knows. */
export const schemaVersion = migrations.at(-1)?.version ?? 0;

/**
 * Brings `db` to {@link schemaVersion}, applying the missing steps in one transaction. Throws
 * {@link StoreVersionError} when the store is newer than this code.
 *
 * @example
 * ```ts
 * const db = new Database(':memory:');
 * applyMigrations(db, ':memory:'); // returns 1: the version reached
 * ```
 */
export function applyMigrations(
  db: Database.Database,
  path: string,
  steps: readonly Migration[] = migrations,
): number {
  const target = steps.at(-1)?.version ?? 0;
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > target) throw new StoreVersionError(found, target, path);
  if (found === target) return found;
  db.transaction(() => {
    for (const step of steps) {
      if (step.version <= found) continue;
      db.exec(step.sql);
      // PRAGMA takes no bound parameters; the version is an integer from the code, never from input.
      db.pragma(`user_version = ${Math.trunc(step.version)}`);
    }
  }).immediate();
  return target;
}
