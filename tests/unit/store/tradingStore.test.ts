import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { applyMigrations, type Migration } from '../../../src/store/migrations.js';
import { positionChangeAfter } from '../../../src/store/positionChangeAfter.js';
import { StoreConsistencyError } from '../../../src/store/storeConsistencyError.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { SimulatedClock } from '../../../src/util/clock.js';
import { account, at, fillOf, intent, position } from '../../support/storeFixtures.js';

// In memory only: the store's files on disk (schema, WAL, re-open, fresh) are tested in
// tests/integration/store/tradingStoreFiles.test.ts.
const stores: TradingStore[] = [];
function open(path: ':memory:'): TradingStore {
  const store = TradingStore.open(path, { clock: new SimulatedClock(at('2025-01-06T12:00:00Z')) });
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('TradingStore migrations', () => {
  it('applies only the missing steps, in order, when the code knows a newer version', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, description: 'b', sql: 'ALTER TABLE a ADD COLUMN y INTEGER' },
    ];
    expect(applyMigrations(db, ':memory:', steps.slice(0, 1))).toBe(1);
    db.prepare('INSERT INTO a (x) VALUES (1)').run();
    expect(applyMigrations(db, ':memory:', steps)).toBe(2);
    expect(db.prepare('SELECT x, y FROM a').get()).toEqual({ x: 1, y: null });
  });

  it('rolls a failing migration back entirely, leaving the previous version', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      {
        version: 2,
        description: 'broken',
        sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1)',
      },
    ];
    expect(() => applyMigrations(db, ':memory:', steps)).toThrow(/missing/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
  });
});

describe('TradingStore outbox', () => {
  it('writes an order once: the same client order id again is not inserted and returns the first', () => {
    const store = open(':memory:');
    expect(store.recordOrderIntent(intent())).toEqual({ inserted: true });
    const replay = store.recordOrderIntent(intent({ size: 0.5 }));
    expect(replay.inserted).toBe(false);
    expect(replay.existing).toMatchObject({ size: 0.1, status: 'pending' });
    expect(store.listOrders()).toHaveLength(1);
    expect(store.pendingOrders().map((order) => order.clientOrderId)).toEqual([intent().clientOrderId]);
  });

  it('writes nothing of a fill when the transaction around it throws', () => {
    const store = open(':memory:');
    store.recordOrderIntent(intent());
    expect(() =>
      store.transaction(() => {
        store.recordFill(fillOf(intent()), { kind: 'upsert', position: position() }, account());
        store.saveCheckpoint('trade_execution', 'cycle', 1);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(store.getOrder(intent().clientOrderId)?.status).toBe('pending');
    expect(store.listFills()).toEqual([]);
    expect(store.getPositions()).toEqual([]);
    expect(store.getAccount()).toBeUndefined();
    expect(store.loadCheckpoint('trade_execution', 'cycle')).toBeUndefined();
  });

  it('rejects a fill for an order not in the outbox, and a second fill, writing nothing', () => {
    const store = open(':memory:');
    expect(() => store.recordFill(fillOf(intent()), null, account())).toThrow(StoreConsistencyError);
    store.recordOrderIntent(intent());
    store.recordFill(fillOf(intent()), null, account());
    expect(() => store.recordFill(fillOf(intent()), null, account({ balance: 1 }))).toThrow(/already|filled/);
    expect(store.listFills()).toHaveLength(1);
    expect(store.getAccount()?.balance).toBe(account().balance);
  });

  it('marks a pending order rejected with its reason, and only a pending one', () => {
    const store = open(':memory:');
    store.recordOrderIntent(intent());
    expect(store.recordRejection(intent().clientOrderId, 'position_exists')).toBe(true);
    expect(store.getOrder(intent().clientOrderId)).toMatchObject({
      status: 'rejected',
      reason: 'position_exists',
    });
    expect(store.recordRejection(intent().clientOrderId, 'again')).toBe(false);
    expect(store.pendingOrders()).toEqual([]);
  });

  it('deletes the position when a close fills', () => {
    const store = open(':memory:');
    store.recordOrderIntent(intent());
    store.recordFill(fillOf(intent()), { kind: 'upsert', position: position() }, account());
    const close = intent({ clientOrderId: 'ema_cross:EURUSD:5:20250106T110000Z:close', intent: 'close' });
    store.recordOrderIntent(close);
    store.recordFill(
      fillOf(close, { realizedPnl: 5 }),
      { kind: 'delete', symbol: 'EURUSD', strategyName: 'ema_cross' },
      account(),
    );
    expect(store.getPositions()).toEqual([]);
    expect(store.listFills().map((fill) => fill.realizedPnl)).toEqual([undefined, 5]);
  });
});

describe('TradingStore checkpoints and broker state', () => {
  it('round-trips checkpoints per service and overwrites by key', () => {
    const store = open(':memory:');
    store.saveCheckpoint('data_fetching', 'EURUSD:1', 100);
    store.saveCheckpoint('data_fetching', 'EURUSD:5', { time: 200, bars: [1, 2] });
    store.saveCheckpoint('data_fetching', 'EURUSD:1', 160);
    store.saveCheckpoint('strategy_evaluation', 'EURUSD:1', 'other');
    expect(store.loadCheckpoint<number>('data_fetching', 'EURUSD:1')).toBe(160);
    expect(store.loadCheckpoint('data_fetching', 'missing')).toBeUndefined();
    expect(store.loadCheckpoints('data_fetching')).toEqual(
      new Map<string, unknown>([
        ['EURUSD:1', 160],
        ['EURUSD:5', { time: 200, bars: [1, 2] }],
      ]),
    );
  });

  it('restores a PaperBroker from the state committed with its fill', async () => {
    const trading = SystemConfigSchema.parse({}).trading;
    const broker = new PaperBroker({ trading });
    const store = open(':memory:');
    store.recordOrderIntent(intent());
    const fill = await broker.placeOrder(intent());
    store.transaction(() => {
      store.recordFill(fill, positionChangeAfter(fill, broker.getPositions(), intent()), broker.getAccount());
      store.saveBrokerState(broker.snapshot());
    });
    const restored = new PaperBroker({ trading });
    restored.restore(store.loadBrokerState());
    expect(restored.getAccount()).toEqual(broker.getAccount());
    expect(restored.getFills()).toEqual(store.listFills());
    expect(store.getPositions()).toEqual([
      {
        symbol: 'EURUSD',
        strategyName: 'ema_cross',
        direction: 'long',
        size: 0.1,
        entryPrice: fill.price,
        entryTime: fill.time,
        clientOrderId: intent().clientOrderId,
        stopLoss: 1.09,
        takeProfit: 1.12,
      },
    ]);
  });
});

describe('TradingStore equity curve', () => {
  it('saves points in batches of any size as one by one would, a repeated time replacing the earlier point', () => {
    const points = Array.from({ length: 300 }, (_, index) => ({
      time: at('2025-01-06T00:00:00Z') + index * 60_000,
      balance: 10_000 + index,
      equity: 10_000 + index * 1.5,
      in_market: index % 3 === 0,
    }));
    const batched = TradingStore.open(':memory:');
    const single = TradingStore.open(':memory:');
    try {
      batched.saveEquityPoints(points.slice(0, 1));
      batched.saveEquityPoints(points.slice(1, 290));
      batched.saveEquityPoints([...points.slice(290), { ...points[299]!, equity: 1 }]);
      for (const point of [...points, { ...points[299]!, equity: 1 }]) single.saveEquityPoint(point);
      expect(batched.equityCurve()).toEqual(single.equityCurve());
      expect(batched.equityCurve()).toHaveLength(300);
      expect(batched.equityCurve().at(-1)).toMatchObject({ equity: 1, in_market: false });
    } finally {
      batched.close();
      single.close();
    }
  });
});
