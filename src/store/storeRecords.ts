import type { Direction } from '../events/tradingEvents.js';
import type { OrderRequest, Position } from '../execution/broker.js';

/**
 * The row types of the {@link TradingStore}. An order enters the outbox as an {@link OrderIntent} (the
 * executor's {@link OrderRequest} plus the signal it came from) and is read back as an {@link OrderRecord}.
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * const intent: OrderIntent = { ...request, timeframe: '5', candleTime: signal.candle_time, correlationId };
 * const { inserted } = store.recordOrderIntent(intent);
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
 * const pending = store.orders().filter((order) => order.status === ('pending' satisfies OrderStatus));
 * ```
 */
export type OrderStatus = 'pending' | 'filled' | 'rejected';

/**
 * An order as stored; `time` is the order's creation time (`created_at`).
 *
 * @example
 * ```ts
 * const store = TradingStore.open('data/tradestate.db');
 * for (const order of store.orders()) console.log(order.clientOrderId, order.status, order.reason ?? '');
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
 * const broker = new FakeBroker();
 * const position: StoredPosition = toStoredPosition(broker.getPositions()[0]!);
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
