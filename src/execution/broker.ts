import type { Direction } from '../events/tradingEvents.js';

/**
 * One market order, as the executor hands it to a broker. `direction` is always the direction of the
 * *position* (as in `ExitSignalEvent`): closing a long is `{ direction: 'long', intent: 'close' }`, which the
 * broker executes as a sell.
 *
 * @example
 * ```ts
 * const broker = new FakeBroker();
 * const order: OrderRequest = {
 *   clientOrderId: 'ema_cross:EURUSD:1:20250106T100000Z:open', symbol: 'EURUSD', direction: 'long', size: 0.1,
 *   intent: 'open', strategyName: 'ema_cross', referencePrice: 1.1, time: Date.now(),
 * };
 * const fill = await broker.placeOrder(order);
 * ```
 */
export interface OrderRequest {
  /** Deterministic id (see {@link clientOrderId}): a replayed signal maps to the same order. */
  clientOrderId: string;
  symbol: string;
  direction: Direction;
  /** Lots. */
  size: number;
  intent: 'open' | 'close';
  strategyName: string;
  /** The price the decision was made on (close of the decision candle); fills are derived from it. */
  referencePrice: number;
  /** Epoch milliseconds at which the order is placed (the opening time of the bar it fills in). */
  time: number;
  /**
   * `market` (default) fills at the reference price plus spread and slippage; `stop` is a triggered stop:
   * the reference is the stop level (or the open of a bar that gapped through it), plus spread and
   * slippage; `limit` fills at the reference price exactly (a take-profit or a limit entry).
   */
  orderType?: 'market' | 'stop' | 'limit';
  /** Why a closing order was sent (`stop_loss`, `take_profit`, `opposite_signal`, `margin_call`, ...). */
  reason?: string;
}

/**
 * What a broker reports for an executed order. Money is in account currency.
 *
 * @example
 * ```ts
 * for (const fill of system.broker.getFills()) console.log(fill.intent, fill.price, fill.commission, fill.realizedPnl);
 * ```
 */
export interface Fill {
  clientOrderId: string;
  symbol: string;
  direction: Direction;
  size: number;
  /** Executed price, spread and slippage included. */
  price: number;
  /** Commission charged on this fill (half the round-trip commission for the paper broker). */
  commission: number;
  time: number;
  intent: 'open' | 'close';
  strategyName: string;
  /** Gross price PnL realized by a closing fill (commissions not deducted), in account currency. */
  realizedPnl?: number;
  /** The order's reason, when it closes a position (see {@link OrderRequest.reason}). */
  reason?: string;
  orderType?: 'market' | 'stop' | 'limit';
}

/**
 * The account as risk checks see it. Money is in account currency, rounded to cents.
 *
 * @example
 * ```ts
 * const { balance, equity, peakEquity } = system.broker.getAccount();
 * console.log(`drawdown ${(((peakEquity - equity) / peakEquity) * 100).toFixed(1)}%`, balance);
 * ```
 */
export interface AccountState {
  /** Initial balance + realized PnL − commissions. */
  balance: number;
  /** Balance + unrealized PnL of the open positions. */
  equity: number;
  /** Gross realized PnL since the start (commissions not deducted). */
  realizedPnl: number;
  unrealizedPnl: number;
  /** Highest equity seen; the reference of the drawdown limit. */
  peakEquity: number;
  /** Realized PnL net of commissions booked since `dayStart` (UTC midnight). */
  dailyRealizedPnl: number;
  /** Epoch milliseconds of the UTC midnight that starts the current trading day. */
  dayStart: number;
  /** Commissions paid since the start. */
  commissionPaid: number;
  /** Margin the open positions tie up (brokers that report it). */
  usedMargin?: number;
  /** Stop-outs so far: each closed every position because equity fell to the stop-out level. */
  marginCalls?: number;
}

/**
 * An open position: at most one per (symbol, strategy).
 *
 * @example
 * ```ts
 * for (const position of system.broker.getPositions()) console.log(position.symbol, position.direction, position.unrealizedPnl);
 * ```
 */
export interface Position {
  symbol: string;
  strategyName: string;
  direction: Direction;
  size: number;
  entryPrice: number;
  entryTime: number;
  /** The order that opened it. */
  clientOrderId: string;
  /** Valued at the last mark, at the price the position would exit at. */
  unrealizedPnl: number;
  /** Margin it ties up at the last mark, in account currency (brokers that report it). */
  margin?: number;
}

/**
 * The broker port. Users implement this to connect a real broker; {@link PaperBroker} simulates one.
 * `placeOrder` throws {@link OrderRejectedError} (with a reason) when the broker refuses the order; any
 * other error is a failure of the broker itself.
 *
 * @example
 * ```ts
 * // The client of your broker's API; account and positions are kept current from its stream.
 * interface BrokerClient {
 *   marketOrder(symbol: string, lots: number, id: string): Promise<{ ok: true; price: number; commission: number; time: number } | { ok: false; reason: string }>;
 *   account: AccountState;
 *   positions: Position[];
 * }
 *
 * class MyBroker implements Broker {
 *   readonly name = 'my-broker';
 *   private readonly fills: Fill[] = [];
 *   constructor(private readonly client: BrokerClient) {}
 *   async placeOrder(order: OrderRequest): Promise<Fill> {
 *     const response = await this.client.marketOrder(order.symbol, order.size, order.clientOrderId);
 *     if (!response.ok) throw new OrderRejectedError(response.reason, order);
 *     const { clientOrderId, symbol, direction, size, intent, strategyName, reason } = order;
 *     const { price, commission, time } = response;
 *     const fill: Fill = { clientOrderId, symbol, direction, size, intent, strategyName, reason, price, commission, time };
 *     this.fills.push(fill);
 *     return fill;
 *   }
 *   markToMarket(): void {} // the broker values the positions itself
 *   getAccount(): AccountState { return this.client.account; }
 *   getPositions(): readonly Position[] { return this.client.positions; }
 *   getFills(): readonly Fill[] { return this.fills; }
 * }
 * ```
 */
export interface Broker {
  readonly name: string;
  placeOrder(order: OrderRequest): Promise<Fill> | Fill;
  /** Values the open positions of `symbol` at `price` (the last close). */
  markToMarket(symbol: string, price: number, time: number): void;
  getAccount(): AccountState;
  /**
   * The open positions now. A broker may update the list it returned in place as marks arrive (the paper
   * broker does, to keep a mark O(positions of that symbol)); copy it to keep a view of one moment.
   */
  getPositions(): readonly Position[];
  getFills(): readonly Fill[];
}
