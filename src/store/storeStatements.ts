import type Database from 'better-sqlite3';

/**
 * Every statement the {@link TradingStore} runs, prepared once when the store opens: preparing parses and
 * plans the SQL, which would otherwise dominate a per-candle checkpoint save.
 *
 * @example
 * ```ts
 * const statements = prepareStatements(db);
 * statements.saveCheckpoint.run('strategy', 'EURUSD:5', '{"last":1}', Date.now());
 * ```
 */
export function prepareStatements(db: Database.Database): Record<StatementName, Database.Statement> {
  return {
    insertOrder: db.prepare(`
      INSERT OR IGNORE INTO orders (client_order_id, symbol, strategy, timeframe, candle_time, intent,
        direction, size, reference_price, stop_loss, take_profit, status, reason, created_at, updated_at,
        correlation_id)
      VALUES (@clientOrderId, @symbol, @strategyName, @timeframe, @candleTime, @intent, @direction, @size,
        @referencePrice, @stopLoss, @takeProfit, 'pending', NULL, @time, @updatedAt, @correlationId)`),
    getOrder: db.prepare('SELECT * FROM orders WHERE client_order_id = ?'),
    listOrders: db.prepare('SELECT * FROM orders ORDER BY rowid'),
    pendingOrders: db.prepare("SELECT * FROM orders WHERE status = 'pending' ORDER BY rowid"),
    // A rejected order may still be filled: the broker is the source of truth for what was filled.
    markFilled: db.prepare(`
      UPDATE orders SET status = 'filled', reason = NULL, updated_at = ?
      WHERE client_order_id = ? AND status IN ('pending', 'rejected')`),
    markRejected: db.prepare(`
      UPDATE orders SET status = 'rejected', reason = ?, updated_at = ?
      WHERE client_order_id = ? AND status = 'pending'`),
    insertFill: db.prepare(`
      INSERT INTO fills (client_order_id, price, size, commission, realized_pnl, time)
      VALUES (@clientOrderId, @price, @size, @commission, @realizedPnl, @time)`),
    listFills: db.prepare(`
      SELECT f.client_order_id, o.symbol, o.strategy, o.intent, o.direction, f.price, f.size, f.commission,
        f.realized_pnl, f.time
      FROM fills f JOIN orders o ON o.client_order_id = f.client_order_id ORDER BY f.rowid`),
    upsertPosition: db.prepare(`
      INSERT INTO positions (symbol, strategy, direction, size, entry_price, entry_time, client_order_id,
        stop_loss, take_profit)
      VALUES (@symbol, @strategyName, @direction, @size, @entryPrice, @entryTime, @clientOrderId, @stopLoss,
        @takeProfit)
      ON CONFLICT (symbol, strategy) DO UPDATE SET direction = excluded.direction, size = excluded.size,
        entry_price = excluded.entry_price, entry_time = excluded.entry_time,
        client_order_id = excluded.client_order_id, stop_loss = excluded.stop_loss,
        take_profit = excluded.take_profit`),
    deletePosition: db.prepare('DELETE FROM positions WHERE symbol = ? AND strategy = ?'),
    getPosition: db.prepare('SELECT * FROM positions WHERE symbol = ? AND strategy = ?'),
    getPositions: db.prepare('SELECT * FROM positions ORDER BY symbol, strategy'),
    saveAccount: db.prepare(`
      INSERT INTO account (id, balance, equity, unrealized_pnl, peak_equity, realized_pnl, commission_paid,
        day_start, daily_realized_pnl, updated_at)
      VALUES (1, @balance, @equity, @unrealizedPnl, @peakEquity, @realizedPnl, @commissionPaid, @dayStart,
        @dailyRealizedPnl, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET balance = excluded.balance, equity = excluded.equity,
        unrealized_pnl = excluded.unrealized_pnl, peak_equity = excluded.peak_equity,
        realized_pnl = excluded.realized_pnl, commission_paid = excluded.commission_paid,
        day_start = excluded.day_start, daily_realized_pnl = excluded.daily_realized_pnl,
        updated_at = excluded.updated_at`),
    getAccount: db.prepare('SELECT * FROM account WHERE id = 1'),
    saveCheckpoint: db.prepare(`
      INSERT INTO checkpoints (service, key, value, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (service, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    loadCheckpoint: db.prepare('SELECT value FROM checkpoints WHERE service = ? AND key = ?').pluck(),
    loadCheckpoints: db.prepare('SELECT key, value FROM checkpoints WHERE service = ? ORDER BY key'),
    getMeta: db.prepare('SELECT key, value FROM meta ORDER BY key'),
    setMeta: db.prepare(`
      INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    hasState: db
      .prepare(`
      SELECT EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM account)
        OR EXISTS (SELECT 1 FROM checkpoints) OR EXISTS (SELECT 1 FROM positions)`)
      .pluck(),
    hasOrders: db.prepare('SELECT EXISTS (SELECT 1 FROM orders)').pluck(),
    insertEquityChunk: db.prepare('INSERT INTO equity_chunks (points) VALUES (?)'),
    equityChunks: db.prepare('SELECT points FROM equity_chunks ORDER BY id').pluck(),
  };
}

/** The statements a store prepares (named, so that declarations can name the return type). */
type StatementName =
  | 'insertOrder'
  | 'getOrder'
  | 'listOrders'
  | 'pendingOrders'
  | 'markFilled'
  | 'markRejected'
  | 'insertFill'
  | 'listFills'
  | 'upsertPosition'
  | 'deletePosition'
  | 'getPosition'
  | 'getPositions'
  | 'saveAccount'
  | 'getAccount'
  | 'saveCheckpoint'
  | 'loadCheckpoint'
  | 'loadCheckpoints'
  | 'getMeta'
  | 'setMeta'
  | 'hasState'
  | 'hasOrders'
  | 'insertEquityChunk'
  | 'equityChunks';

/** The prepared statements of one store. */
export type StoreStatements = ReturnType<typeof prepareStatements>;
