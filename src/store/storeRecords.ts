import type { Direction } from '../events/tradingEvents.js';
import type { OrderRequest, Position } from '../execution/broker.js';

/**
 * The row types of the {@link TradingStore}. An order enters the outbox as an {@link OrderIntent} (the
 * executor's {@link OrderRequest} plus the signal it came from) and is read back as an {@link OrderRecord}.
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * const candleTime = Date.parse('2025-01-06T10:00:00Z');
 * const intent: OrderIntent = {
 *   clientOrderId: clientOrderId('ema_cross', 'EURUSD', '5', candleTime, 'open'), symbol: 'EURUSD', direction: 'long',
 *   size: 0.1, intent: 'open', strategyName: 'ema_cross', referencePrice: 1.1, time: candleTime + 300_000,
 *   timeframe: '5', candleTime, stopLoss: 1.098,
 * };
 * const { inserted } = store.recordOrderIntent(intent); // false for a replayed signal: do not send it again
 * ```
 */
export interface OrderIntent extends OrderRequest {
  timeframe: string;
  /** Open time of the decision candle (part of the client order id). */
  candleTime: number;
  correlationId?: string;
  /** Carried to the position when the order opens one. */
  stopLoss?: number;
  takeProfit?: number;
}

/**
 * `pending`: written to the outbox, not known filled; `filled`; `rejected` (by the broker or recovery).
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * const counts = new Map<OrderStatus, number>();
 * for (const order of store.listOrders()) counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
 * console.log(counts.get('pending') ?? 0, 'orders not known filled: reconciled with the broker at start');
 * ```
 */
export type OrderStatus = 'pending' | 'filled' | 'rejected';

/**
 * An order as stored; `time` is the order's creation time (`created_at`).
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * const orders: OrderRecord[] = store.listOrders();
 * for (const order of orders) console.log(order.clientOrderId, order.status, order.reason ?? '');
 * ```
 */
export interface OrderRecord extends OrderIntent {
  status: OrderStatus;
  reason?: string;
  updatedAt: number;
}

/**
 * A position as stored: the broker's {@link Position} without the mark-dependent part, plus its exits.
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * const position: StoredPosition | undefined = store.getPosition('EURUSD', 'ema_cross');
 * if (position) console.log(position.direction, position.size, 'stop', position.stopLoss ?? 'none');
 * ```
 */
export interface StoredPosition {
  symbol: string;
  strategyName: string;
  direction: Direction;
  size: number;
  entryPrice: number;
  entryTime: number;
  clientOrderId: string;
  stopLoss?: number;
  takeProfit?: number;
}

/**
 * What a fill does to the (symbol, strategy) position: write it as it now is, or remove it.
 *
 * @example
 * ```ts
 * const change: PositionChange = { kind: 'delete', symbol: 'EURUSD', strategyName: 'ema_cross' };
 * ```
 */
export type PositionChange =
  | { kind: 'upsert'; position: StoredPosition }
  | { kind: 'delete'; symbol: string; strategyName: string };

/** The stored form of a broker position (drops `unrealizedPnl`, which changes with every mark). */
export function toStoredPosition(
  position: Position,
  exits: { stopLoss?: number | undefined; takeProfit?: number | undefined } = {},
): StoredPosition {
  return {
    symbol: position.symbol,
    strategyName: position.strategyName,
    direction: position.direction,
    size: position.size,
    entryPrice: position.entryPrice,
    entryTime: position.entryTime,
    clientOrderId: position.clientOrderId,
    ...(exits.stopLoss === undefined ? {} : { stopLoss: exits.stopLoss }),
    ...(exits.takeProfit === undefined ? {} : { takeProfit: exits.takeProfit }),
  };
}
