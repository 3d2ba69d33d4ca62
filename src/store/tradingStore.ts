import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountState, Fill } from '../execution/broker.js';
import type { Clock } from '../util/clock.js';
import { checkWriteAheadLog } from './checkWriteAheadLog.js';
import { EquityChunks, type EquityColumns } from './equityChunks.js';
import type { EquityCurvePoint } from './equityCurvePoint.js';
import { applyMigrations } from './migrations.js';
import { StoreConsistencyError } from './storeConsistencyError.js';
import { StoreCorruptError } from './storeCorruptError.js';
import { type IdentityMismatch, StoreIdentityError } from './storeIdentityError.js';
import type { OrderIntent, OrderRecord, PositionChange, StoredPosition } from './storeRecords.js';
import {
  type AccountRow,
  accountFromRow,
  type FillRow,
  fillFromRow,
  type OrderRow,
  orderFromRow,
  type PositionRow,
  positionFromRow,
} from './storeRows.js';
import { prepareStatements, type StoreStatements } from './storeStatements.js';
import { StoreUnavailableError } from './storeUnavailableError.js';
import type { TradingStoreOptions } from './tradingStoreOptions.js';

export type { EquityCurvePoint } from './equityCurvePoint.js';
export type { TradingStoreOptions } from './tradingStoreOptions.js';

const BROKER_SERVICE = 'broker';
const BROKER_KEY = 'state';

/**
 * tradestate's durable state on SQLite: the order outbox, fills, positions, the account, each service's
 * checkpoints and the run identity. All methods are synchronous (better-sqlite3); each write is one
 * transaction, and {@link transaction} groups several into one.
 *
 * Outbox rule: write the order with {@link recordOrderIntent} *before* publishing OrderPlacedEvent and
 * before calling the broker; when it returns `inserted: false` the order was already seen (a replayed
 * signal) and the broker must not be called again. After the broker fills, {@link recordFill} writes the
 * fill, the order's status, the position and the account in one transaction. See docs/store.md.
 *
 * Checkpoints may be saved per candle; each autocommitted save is an fsync (see docs/store.md for the
 * measured rates), so batch them: save at the end of a cycle, several inside one {@link transaction}.
 *
 * @example
 * ```ts
 * const broker = new PaperBroker({ trading: config.trading });
 * const store = TradingStore.open(config.store.path ?? 'data/tradestate.db');
 * const candleTime = Date.parse('2025-01-06T10:00:00Z');
 * const intent: OrderIntent = {
 *   clientOrderId: clientOrderId('ema_cross', 'EURUSD', '5', candleTime, 'open'), symbol: 'EURUSD', direction: 'long',
 *   size: 0.1, intent: 'open', strategyName: 'ema_cross', referencePrice: 1.1, time: candleTime + 300_000,
 *   timeframe: '5', candleTime,
 * };
 * const { inserted } = store.recordOrderIntent(intent);
 * if (inserted) {
 *   const fill = broker.placeOrder(intent);
 *   const position = broker.getPositions().find((open) => open.clientOrderId === fill.clientOrderId);
 *   const change: PositionChange | null = position ? { kind: 'upsert', position } : null;
 *   store.recordFill(fill, change, broker.getAccount());
 * }
 * store.close();
 * ```
 */
export class TradingStore {
  /** Whether the store already held state when it was opened: the run resumes. */
  readonly resumed: boolean;
  private readonly statements: StoreStatements;
  private readonly runInTransaction: (work: () => unknown) => unknown;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.statements = prepareStatements(db);
    // One transaction function, reused (only for the outermost call: see transaction()).
    this.runInTransaction = db.transaction((work: () => unknown) => work());
    this.resumed = this.statements.hasState.get() === 1;
  }

  /** Opens (creating file, directory and schema as needed) the store at `path`; `:memory:` for tests. */
  static open(path: string, options: TradingStoreOptions = {}): TradingStore {
    const inMemory = path === ':memory:' || path === '';
    let existed = false;
    if (!inMemory) {
      if (options.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      mkdirSync(dirname(path), { recursive: true });
      existed = (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
      const problem = checkWriteAheadLog(path);
      if (problem !== undefined) throw new StoreCorruptError(path, problem);
    }
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (error) {
      throw new StoreUnavailableError(path, error);
    }
    try {
      if (!inMemory) {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
      }
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      // A damaged file may open and even migrate (only its header is read): check every page once.
      if (existed) {
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new StoreCorruptError(path, `integrity check: ${String(check)}`);
      }
      applyMigrations(db, path);
      const store = new TradingStore(db, path, options.clock ?? Date);
      if (options.identity !== undefined) store.assertIdentity(options.identity);
      return store;
    } catch (error) {
      db.close();
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code))
        throw new StoreCorruptError(path, (error as Error).message, error);
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Whether the store is still open (not {@link close}d). */
  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Runs `work` in one transaction and returns its result; a throw rolls everything back. Inside another
   * transaction, `work` joins it (no savepoint: the per-order path nests three deep, and each savepoint
   * costs two statements), so a throw rolls the outer transaction back unless caught inside it, which no
   * caller does. `work` must be synchronous: never await (e.g. a broker call) inside it.
   */
  transaction<T>(work: () => T): T {
    return this.db.inTransaction ? work() : (this.runInTransaction(work) as T);
  }

  /**
   * Writes `order` to the outbox as `pending`, unless an order with its client order id exists. Returns
   * `inserted: false` and the existing order for a replay: do not call the broker or publish again.
   */
  recordOrderIntent(order: OrderIntent): { inserted: boolean; existing?: OrderRecord } {
    return this.transaction(() => {
      const result = this.statements.insertOrder.run({
        clientOrderId: order.clientOrderId,
        symbol: order.symbol,
        strategyName: order.strategyName,
        timeframe: order.timeframe,
        candleTime: order.candleTime,
        intent: order.intent,
        direction: order.direction,
        size: order.size,
        referencePrice: order.referencePrice,
        stopLoss: order.stopLoss ?? null,
        takeProfit: order.takeProfit ?? null,
        time: order.time,
        updatedAt: this.clock.now(),
        correlationId: order.correlationId ?? null,
      });
      if (result.changes === 1) return { inserted: true };
      const existing = this.getOrder(order.clientOrderId);
      return existing === undefined ? { inserted: false } : { inserted: false, existing };
    });
  }

  /**
   * In one transaction: the fill row, the order → `filled`, the position change (`null`: none) and the
   * account. Throws {@link StoreConsistencyError} (and writes nothing) for an order not in the outbox or
   * already filled.
   */
  recordFill(fill: Fill, positionChange: PositionChange | null, account: AccountState): void {
    this.transaction(() => {
      const now = this.clock.now();
      const updated = this.statements.markFilled.run(now, fill.clientOrderId);
      if (updated.changes !== 1) {
        const order = this.getOrder(fill.clientOrderId);
        throw new StoreConsistencyError(
          fill.clientOrderId,
          order === undefined ? 'fill for an order not in the outbox' : 'already filled: a second fill',
        );
      }
      this.statements.insertFill.run({
        clientOrderId: fill.clientOrderId,
        price: fill.price,
        size: fill.size,
        commission: fill.commission,
        realizedPnl: fill.realizedPnl ?? null,
        time: fill.time,
      });
      if (positionChange !== null) this.applyPositionChange(positionChange);
      this.saveAccount(account);
    });
  }

  /** Marks a pending order `rejected` with `reason`; returns false when it was not pending. */
  recordRejection(clientOrderId: string, reason: string): boolean {
    return this.statements.markRejected.run(reason, this.clock.now(), clientOrderId).changes === 1;
  }

  /** Orders written but not known filled or rejected: reconcile them with the broker on start. */
  pendingOrders(): OrderRecord[] {
    return (this.statements.pendingOrders.all() as OrderRow[]).map(orderFromRow);
  }

  /** Whether any order was ever written (a new store has none, so nothing can be a replayed order). */
  hasOrders(): boolean {
    return this.statements.hasOrders.get() === 1;
  }

  getOrder(clientOrderId: string): OrderRecord | undefined {
    const row = this.statements.getOrder.get(clientOrderId) as OrderRow | undefined;
    return row === undefined ? undefined : orderFromRow(row);
  }

  /** Every order, in the order they were written. */
  listOrders(): OrderRecord[] {
    return (this.statements.listOrders.all() as OrderRow[]).map(orderFromRow);
  }

  /** Every fill, in the order they were recorded. */
  listFills(): Fill[] {
    return (this.statements.listFills.all() as FillRow[]).map(fillFromRow);
  }

  /** Writes or removes one position (also used by reconciliation to adopt the broker's). */
  applyPositionChange(change: PositionChange): void {
    if (change.kind === 'delete') {
      this.statements.deletePosition.run(change.symbol, change.strategyName);
      return;
    }
    const position = change.position;
    this.statements.upsertPosition.run({
      symbol: position.symbol,
      strategyName: position.strategyName,
      direction: position.direction,
      size: position.size,
      entryPrice: position.entryPrice,
      entryTime: position.entryTime,
      clientOrderId: position.clientOrderId,
      stopLoss: position.stopLoss ?? null,
      takeProfit: position.takeProfit ?? null,
    });
  }

  getPosition(symbol: string, strategyName: string): StoredPosition | undefined {
    const row = this.statements.getPosition.get(symbol, strategyName) as PositionRow | undefined;
    return row === undefined ? undefined : positionFromRow(row);
  }

  getPositions(): StoredPosition[] {
    return (this.statements.getPositions.all() as PositionRow[]).map(positionFromRow);
  }

  /** Writes the account row (e.g. at a cycle end, after marking to market). */
  saveAccount(account: AccountState): void {
    this.statements.saveAccount.run({ ...account, updatedAt: this.clock.now() });
  }

  /** The account as last saved; `undefined` for a new store. */
  getAccount(): AccountState | undefined {
    const row = this.statements.getAccount.get() as AccountRow | undefined;
    return row === undefined ? undefined : accountFromRow(row);
  }

  /** Saves `value` (JSON-serializable) under (service, key). Cheap, but batch it: see the class TSDoc. */
  saveCheckpoint(service: string, key: string, value: unknown): void {
    this.statements.saveCheckpoint.run(service, key, JSON.stringify(value), this.clock.now());
  }

  /** {@link saveCheckpoint} of a value already serialized with `JSON.stringify`. */
  saveCheckpointJson(service: string, key: string, json: string): void {
    this.statements.saveCheckpoint.run(service, key, json, this.clock.now());
  }

  loadCheckpoint<T = unknown>(service: string, key: string): T | undefined {
    const value = this.statements.loadCheckpoint.get(service, key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  /** Every checkpoint of `service`, by key. */
  loadCheckpoints<T = unknown>(service: string): Map<string, T> {
    const rows = this.statements.loadCheckpoints.all(service) as { key: string; value: string }[];
    return new Map(rows.map((row) => [row.key, JSON.parse(row.value) as T]));
  }

  /** Saves a broker's state (e.g. `PaperBroker.snapshot()`); call inside the fill's transaction. */
  saveBrokerState(state: unknown): void {
    this.saveCheckpoint(BROKER_SERVICE, BROKER_KEY, state);
  }

  /** The state last saved by {@link saveBrokerState} (give it to `PaperBroker.restore`), if any. */
  loadBrokerState(): unknown {
    return this.loadCheckpoint(BROKER_SERVICE, BROKER_KEY);
  }

  /** Appends (or replaces, same time) one point of the run's equity curve; batch it with the checkpoint. */
  saveEquityPoint(point: EquityCurvePoint): void {
    this.saveEquityPoints([point]);
  }

  /**
   * {@link saveEquityPoint} for many points, packed in chunks ({@link EquityChunks}): a backtest saves
   * one point per bar, and one row per point was the store's largest cost after the commits.
   */
  saveEquityPoints(points: Iterable<EquityCurvePoint>): void {
    let batch: EquityCurvePoint[] = [];
    for (const point of points) {
      batch.push(point);
      if (batch.length === EquityChunks.capacity) {
        this.statements.insertEquityChunk.run(EquityChunks.encode(batch));
        batch = [];
      }
    }
    if (batch.length > 0) this.statements.insertEquityChunk.run(EquityChunks.encode(batch));
  }

  /**
   * {@link saveEquityPoints} for points held as columns (a backtest's equity recorder hands views of its
   * own arrays), in the same chunks.
   */
  saveEquityColumns(segments: Iterable<EquityColumns>): void {
    for (const columns of segments) {
      const length = columns.time.length;
      for (let from = 0; from < length; from += EquityChunks.capacity)
        this.statements.insertEquityChunk.run(
          EquityChunks.encodeColumns(columns, from, Math.min(length, from + EquityChunks.capacity)),
        );
    }
  }

  /** The equity curve saved so far, oldest first. */
  equityCurve(): EquityCurvePoint[] {
    // A store written before the chunks may hold rows: they come first (they were saved first).
    const rows = (
      this.db
        .prepare('SELECT time, balance, equity, in_market FROM equity_curve ORDER BY time')
        .all() as (Omit<EquityCurvePoint, 'in_market'> & { in_market: number })[]
    ).map((row) => ({ ...row, in_market: row.in_market === 1 }));
    return EquityChunks.decode(this.statements.equityChunks.iterate() as Iterable<Uint8Array>, rows);
  }

  /** The stored run identity and other metadata. */
  getMeta(): Record<string, string> {
    const rows = this.statements.getMeta.all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /**
   * Records `identity` on a store that has none; otherwise throws {@link StoreIdentityError} naming each
   * key whose value differs (a key missing on one side counts as different).
   */
  assertIdentity(identity: Record<string, string>): void {
    const stored = this.getMeta();
    if (Object.keys(stored).length === 0) {
      this.transaction(() => {
        for (const [key, value] of Object.entries(identity)) this.statements.setMeta.run(key, value);
      });
      return;
    }
    const mismatches: IdentityMismatch[] = [];
    for (const key of [...new Set([...Object.keys(stored), ...Object.keys(identity)])].sort()) {
      const before = stored[key] ?? '(none)';
      const now = identity[key] ?? '(none)';
      if (before !== now) mismatches.push({ key, stored: before, current: now });
    }
    if (mismatches.length > 0) throw new StoreIdentityError(this.path, mismatches);
  }
}

export { StoreUnavailableError };
