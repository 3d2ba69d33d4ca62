import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../src/store/migrations.js';
import { StoreIdentityError } from '../../../src/store/storeIdentityError.js';
import { StoreVersionError } from '../../../src/store/storeVersionError.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { scratchDirectories } from '../../support/scratchDirectories.js';
import { account, at, fillOf, intent, position } from '../../support/storeFixtures.js';

let directory: string;
const stores: TradingStore[] = [];
function open(path: string, options: Parameters<typeof TradingStore.open>[1] = {}): TradingStore {
  const store = TradingStore.open(path, {
    clock: new SimulatedClock(at('2025-01-06T12:00:00Z')),
    ...options,
  });
  stores.push(store);
  return store;
}
const scratchDirectory = scratchDirectories('tradestate-store-');
beforeEach(() => {
  directory = scratchDirectory();
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('TradingStore schema on disk', () => {
  it('creates every table on an empty database and records the schema version', () => {
    const path = join(directory, 'nested', 'dir', 'store.db');
    open(path).close();
    const db = new Database(path, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'account',
      'checkpoints',
      'equity_chunks',
      'equity_curve',
      'fills',
      'meta',
      'orders',
      'positions',
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a store written by a newer version, naming both versions', () => {
    const path = join(directory, 'newer.db');
    open(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    const error = (() => {
      try {
        open(path);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StoreVersionError);
    expect((error as StoreVersionError).foundVersion).toBe(schemaVersion + 1);
    expect((error as Error).message).toContain(`schema version ${schemaVersion + 1}`);
    expect((error as Error).message).toContain(`up to version ${schemaVersion}`);
  });
});

describe('TradingStore persistence', () => {
  it('keeps orders, fills, positions, account and checkpoints across a re-open, and reports resuming', () => {
    const path = join(directory, 'store.db');
    const first = open(path);
    expect(first.resumed).toBe(false);
    first.recordOrderIntent(intent());
    first.recordFill(fillOf(intent()), { kind: 'upsert', position: position({ stopLoss: 1.09 }) }, account());
    first.saveCheckpoint('strategy_evaluation', 'EURUSD:5', { last: 42 });
    first.close();

    const second = open(path);
    expect(second.resumed).toBe(true);
    expect(second.getOrder(intent().clientOrderId)).toMatchObject({ status: 'filled', correlationId: 'c-1' });
    expect(second.listFills()).toEqual([fillOf(intent())]);
    expect(second.getPositions()).toEqual([position({ stopLoss: 1.09 })]);
    expect(second.getAccount()).toEqual(account());
    expect(second.loadCheckpoint('strategy_evaluation', 'EURUSD:5')).toEqual({ last: 42 });
  });

  it('deletes all data with fresh', () => {
    const path = join(directory, 'store.db');
    const first = open(path, { identity: { config_hash: 'a' } });
    first.recordOrderIntent(intent());
    first.close();
    const second = open(path, { fresh: true, identity: { config_hash: 'b' } });
    expect(second.resumed).toBe(false);
    expect(second.listOrders()).toEqual([]);
    expect(second.getMeta()).toEqual({ config_hash: 'b' });
  });

  it('refuses to resume a store of another run, naming each differing key', () => {
    const path = join(directory, 'store.db');
    open(path, { identity: { config_hash: 'abc', data_file: 'a.csv' } }).close();
    expect(() => open(path, { identity: { config_hash: 'abc', data_file: 'a.csv' } })).not.toThrow();
    expect(() => open(path, { identity: { config_hash: 'def', data_file: 'a.csv' } })).toThrow(
      StoreIdentityError,
    );
    expect(() => open(path, { identity: { config_hash: 'def', data_file: 'a.csv' } })).toThrow(
      /config_hash: store has "abc", this run has "def"[\s\S]*--fresh/,
    );
  });
});
