import type { Direction } from '../events/tradingEvents.js';
import type { AccountState, Fill } from '../execution/broker.js';
import type { OrderRecord, OrderStatus, StoredPosition } from './storeRecords.js';

/**
 * Raw rows as better-sqlite3 returns them (snake_case, NULL for absent) and their mapping to the store's
 * records. Kept apart from {@link TradingStore} so the class is only about transactions.
 *
 * @example
 * ```ts
 * const record = orderFromRow(db.prepare('SELECT * FROM orders WHERE client_order_id = ?').get(id) as OrderRow);
 * ```
 */
export interface OrderRow {
  client_order_id: string;
  symbol: string;
  strategy: string;
  timeframe: string;
  candle_time: number;
  intent: 'open' | 'close';
  direction: Direction;
  size: number;
  reference_price: number;
  stop_loss: number | null;
  take_profit: number | null;
  status: OrderStatus;
  reason: string | null;
  created_at: number;
  updated_at: number;
  correlation_id: string | null;
}

export interface FillRow {
  client_order_id: string;
  symbol: string;
  strategy: string;
  intent: 'open' | 'close';
  direction: Direction;
  price: number;
  size: number;
  commission: number;
  realized_pnl: number | null;
  time: number;
}

export interface PositionRow {
  symbol: string;
  strategy: string;
  direction: Direction;
  size: number;
  entry_price: number;
  entry_time: number;
  client_order_id: string;
  stop_loss: number | null;
  take_profit: number | null;
}

export interface AccountRow {
  balance: number;
  equity: number;
  unrealized_pnl: number;
  peak_equity: number;
  realized_pnl: number;
  commission_paid: number;
  day_start: number;
  daily_realized_pnl: number;
}

export function orderFromRow(row: OrderRow): OrderRecord {
  return {
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    strategyName: row.strategy,
    timeframe: row.timeframe,
    candleTime: row.candle_time,
    intent: row.intent,
    direction: row.direction,
    size: row.size,
    referencePrice: row.reference_price,
    time: row.created_at,
    status: row.status,
    updatedAt: row.updated_at,
    ...(row.stop_loss === null ? {} : { stopLoss: row.stop_loss }),
    ...(row.take_profit === null ? {} : { takeProfit: row.take_profit }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.correlation_id === null ? {} : { correlationId: row.correlation_id }),
  };
}

export function fillFromRow(row: FillRow): Fill {
  return {
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    direction: row.direction,
    size: row.size,
    price: row.price,
    commission: row.commission,
    time: row.time,
    intent: row.intent,
    strategyName: row.strategy,
    ...(row.realized_pnl === null ? {} : { realizedPnl: row.realized_pnl }),
  };
}

export function positionFromRow(row: PositionRow): StoredPosition {
  return {
    symbol: row.symbol,
    strategyName: row.strategy,
    direction: row.direction,
    size: row.size,
    entryPrice: row.entry_price,
    entryTime: row.entry_time,
    clientOrderId: row.client_order_id,
    ...(row.stop_loss === null ? {} : { stopLoss: row.stop_loss }),
    ...(row.take_profit === null ? {} : { takeProfit: row.take_profit }),
  };
}

export function accountFromRow(row: AccountRow): AccountState {
  return {
    balance: row.balance,
    equity: row.equity,
    realizedPnl: row.realized_pnl,
    unrealizedPnl: row.unrealized_pnl,
    peakEquity: row.peak_equity,
    dailyRealizedPnl: row.daily_realized_pnl,
    dayStart: row.day_start,
    commissionPaid: row.commission_paid,
  };
}
