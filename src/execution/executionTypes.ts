import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { BlockedPeriodLog } from './blockedPeriodLog.js';
import type { Fill, OrderRequest } from './broker.js';
import type { DrawdownState } from './tradingAuthorizer.js';

/**
 * A symbol's authorization changed: the service publishes TradingBlockedEvent / TradingAuthorizedEvent.
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * const change: AuthorizationChange = executor.onPrice('EURUSD', 1.1, Date.parse('2025-01-06T10:01:00Z'));
 * if (change.becameBlocked) console.warn(change.becameBlocked.details.join('; '));
 * if (change.becameAuthorized) console.log(`${change.becameAuthorized.symbol}: ${change.becameAuthorized.reason}`);
 * ```
 */
export interface AuthorizationChange {
  becameAuthorized?: { symbol: string; reason: string };
  becameBlocked?: { symbol: string; reasons: string[]; details: string[] };
}

/**
 * What one signal led to. `details` of a block name the limit (`max_daily_loss: loss 512.30 >= limit 500`).
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * bus.subscribe('EntrySignalEvent', async (signal) => {
 *   const result: ExecutionResult = await executor.execute(signal);
 *   if (result.status === 'filled') console.log('filled at', result.fill.price);
 *   else if (result.status === 'queued') console.log('fills at the next open:', result.order.size);
 *   else if (result.status === 'blocked') console.warn(result.details.join('; '));
 * });
 * ```
 */
export type ExecutionResult =
  | {
      status: 'filled';
      fill: Fill;
      order: OrderRequest;
      becameAuthorized?: { symbol: string; reason: string };
      /** The order was filled before a restart (found in the outbox): the broker was not called again. */
      replayed?: true;
    }
  | { status: 'blocked'; reasons: string[]; details: string[]; becameBlocked: boolean }
  | { status: 'rejected'; reason: string; detail?: string }
  | { status: 'ignored'; reason: string }
  /** Accepted and working: it fills at the next bar's open (`trading.fill_price: next_open`), or a limit entry when a bar reaches its price. */
  | { status: 'queued'; order: OrderRequest; becameAuthorized?: { symbol: string; reason: string } }
  /** A working order taken off the book: a limit entry not reached within `trading.limit_expiry_bars`. */
  | { status: 'cancelled'; reason: 'limit_expired'; order: OrderRequest };

/**
 * What happened to an order during a bar (see {@link TradeExecutor.onBar}): the fill or rejection of a
 * working order (with the signal that asked for it), or a stop, target or margin call (no signal).
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * bus.subscribe('NewCandleEvent', (candle) => {
 *   executor.onBar(candle.symbol, candle.bar, ({ result, signal }: BarExecution) => {
 *     // A stop, target or margin call has no signal; a queued order filled at this bar's open has one.
 *     if (result.status === 'filled') console.log(result.fill.price, signal?.type ?? result.order.intent);
 *   });
 * });
 * ```
 */
export interface BarExecution {
  result: ExecutionResult;
  signal?: EntrySignalEvent | ExitSignalEvent;
}

/**
 * An accepted order waiting for the next bar's open (or, for a limit entry, for a bar that reaches its
 * price), with the signal that asked for it.
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * const waiting: WorkingOrder[] = executor.snapshot().working;
 * console.log(waiting.map((working) => `${working.order.symbol} ${working.order.intent}`));
 * ```
 */
export interface WorkingOrder {
  order: OrderRequest;
  signal: EntrySignalEvent | ExitSignalEvent;
}

/**
 * The executor's state in a checkpoint (see {@link TradeExecutor.snapshot}).
 *
 * @example
 * ```ts
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk });
 * const state: TradeExecutorState = executor.snapshot();
 * // After a restart, on an executor built over the restored broker:
 * executor.restore(state);
 * ```
 */
export interface TradeExecutorState {
  version: 1;
  working: WorkingOrder[];
  levels: [string, { stopLoss?: number; takeProfit?: number }][];
  blocks: ReturnType<BlockedPeriodLog['snapshot']>;
  rejections: [string, number][];
  /** Absent in checkpoints written before limit entries existed. */
  cancellations?: [string, number][];
  drawdown: DrawdownState;
}

/**
 * The durable order outbox (implemented over the SQLite store by `StoreOrderOutbox`): the executor writes
 * each order before calling the broker and records the outcome after, so a replayed signal finds its order.
 *
 * @example
 * ```ts
 * // TradeExecutor writes each order here before calling the broker, so a restart never sends it twice.
 * const written = new Map<string, { status: 'pending' | 'filled' | 'rejected'; reason?: string }>();
 * const outbox: OrderOutbox = {
 *   find: (clientOrderId) => written.get(clientOrderId),
 *   recordIntent: (order) => !written.has(order.clientOrderId) && !!written.set(order.clientOrderId, { status: 'pending' }),
 *   recordFill: (order) => void written.set(order.clientOrderId, { status: 'filled' }),
 *   recordRejection: (order, reason) => void written.set(order.clientOrderId, { status: 'rejected', reason }),
 * };
 * const executor = new TradeExecutor({ broker: new FakeBroker(), trading: config.trading, risk: config.risk, outbox });
 * ```
 */
export interface OrderOutbox {
  /** The order already written under `clientOrderId` (a replayed signal), if any. */
  find(clientOrderId: string): { status: 'pending' | 'filled' | 'rejected'; reason?: string } | undefined;
  /** Writes `order` as pending before the broker is called; false when it was already written. */
  recordIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean;
  /** Records the broker's fill (with the resulting position, account and broker state). */
  recordFill(order: OrderRequest, fill: Fill): void;
  recordRejection(order: OrderRequest, reason: string): void;
}
