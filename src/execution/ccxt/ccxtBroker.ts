import { type Exchange, NetworkError, type Order, OrderNotFound, type Trade } from 'ccxt';
import type { AccountState, Broker, Fill, OrderRequest, Position } from '../broker.js';
import { OrderRejectedError } from '../orderRejectedError.js';
import { applyFill, applyMark, initialPaperState, type PaperAccountState } from '../paperAccounting.js';
import { type PaperPricing, pricePnl } from '../paperPricing.js';
import {
  exchangeClientOrderId,
  parseExchangeClientOrderId,
  splitClientOrderId,
} from './exchangeClientOrderId.js';
import { orderToFill } from './orderToFill.js';
import { refusalReason } from './refusalReason.js';

/** One traded market: tradestate's symbol and the exchange's. */
export interface BrokerMarket {
  symbol: string;
  market: string;
  base: string;
  quote: string;
}

/** Options of {@link CcxtBroker}. */
export interface CcxtBrokerOptions {
  /** Markets loaded, credentials set. */
  exchange: Exchange;
  markets: readonly BrokerMarket[];
  /** Base units per lot (`trading.contract_size`; 1 for crypto: a lot is one coin). */
  contractSize: number;
  orderType: 'market' | 'limit';
  orderTimeoutMs: number;
  /** An order decided longer ago than this is refused instead of sent (`max_order_age_seconds`). */
  maxOrderAgeMs?: number;
  /** Trades this far back are read at start (`reconcile_hours`). */
  lookbackMs: number;
  /** Configured strategy names: exchange client ids are mapped back to tradestate's through them. */
  strategyNames: readonly string[];
  now?: () => number;
  sleep?: (milliseconds: number) => Promise<void>;
  /** Where to report what start-up found (orders adopted, open orders waited for). */
  onNotice?: (notice: string) => void;
}

/**
 * The Broker port over a real exchange through ccxt (`run --live-trading`). Each order carries tradestate's
 * deterministic client order id, encoded for the exchange (`exchangeClientOrderId`), and is looked up by that
 * id before it is sent: an order the exchange already has (sent before a crash, or sent while its answer
 * was lost) is followed, never sent twice, even on venues that, like Binance, accept a filled order's id again.
 *
 * Fills come from the order (`createOrder`, then `fetchOrder` until it is closed; a limit order not filled
 * within `orderTimeoutMs` is cancelled and rejected), with the exchange's fees. `connect` reads the orders and
 * trades of the last `lookbackMs`: fills and open positions of this system come back after a restart, so
 * reconciliation (`reconcile`) finds a pending order filled at the exchange. Positions are this system's own
 * (per strategy, from its fills); the account is the quote balance at start plus realized PnL minus fees.
 * A refusal (insufficient funds, below the minimum, unknown symbol) is an `OrderRejectedError`.
 *
 * @example
 * ```ts
 * const broker = await CcxtBroker.connect({ exchange, markets, contractSize: 1, orderType: 'market', orderTimeoutMs: 30_000, lookbackMs: 172_800_000, strategyNames: ['ema_cross'] });
 * const system = await createTradingSystem(config, { broker, mode: 'live', store: true });
 * ```
 */
export class CcxtBroker implements Broker {
  readonly name: string;
  private state: PaperAccountState;
  private readonly pricing: PaperPricing;
  private readonly markets: Map<string, BrokerMarket>;
  /** Our orders still open at the exchange when we started, by tradestate id: followed, not re-sent. */
  private readonly openAtStart = new Map<string, Order>();
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;

  private constructor(
    private readonly options: CcxtBrokerOptions,
    balance: number,
  ) {
    this.name = `ccxt:${options.exchange.id}`;
    this.markets = new Map(options.markets.map((market) => [market.symbol, market]));
    this.pricing = { halfSpread: 0, contractSize: options.contractSize, priceStep: 1e-8 };
    this.state = initialPaperState(balance);
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
  }

  /** Reads the balance, then this system's orders and trades of the lookback window (see the class docs). */
  static async connect(options: CcxtBrokerOptions): Promise<CcxtBroker> {
    const balance = await options.exchange.fetchBalance();
    const quote = options.markets[0]?.quote ?? 'USDT';
    const total = (balance.total as unknown as Record<string, number | undefined>)[quote] ?? 0;
    const broker = new CcxtBroker(options, total);
    await broker.loadRecent();
    options.onNotice?.(
      `${options.exchange.id}: ${total} ${quote} at start; ${broker.getFills().length} fills and ${broker.getPositions().length} open positions of this system in the last ${Math.round(options.lookbackMs / 3_600_000)} h`,
    );
    return broker;
  }

  async placeOrder(order: OrderRequest): Promise<Fill> {
    const market = this.markets.get(order.symbol);
    if (market === undefined) throw new OrderRejectedError('unknown_symbol', order);
    const known = this.state.fills.find((fill) => fill.clientOrderId === order.clientOrderId);
    if (known !== undefined) return known;
    const exchangeId = exchangeClientOrderId(
      splitClientOrderId(order.clientOrderId, order.strategyName, order.symbol),
    );
    let placed = this.openAtStart.get(order.clientOrderId) ?? (await this.lookup(exchangeId, market));
    if (placed === undefined && this.now() - order.time > (this.options.maxOrderAgeMs ?? Infinity)) {
      // Never sent, and decided too long ago (a re-send after a long restart): the price has moved on.
      throw new OrderRejectedError('stale_order', order, `decided at ${new Date(order.time).toISOString()}`);
    }
    placed ??= await this.send(order, market, exchangeId);
    placed = await this.untilDone(placed, market, order);
    if (!placed.filled) {
      throw new OrderRejectedError(
        placed.status === 'canceled' ? 'canceled_by_exchange' : 'not_filled',
        order,
      );
    }
    return this.book(placed, market, order);
  }

  markToMarket(symbol: string, price: number, time: number): void {
    this.state = applyMark(this.state, symbol, price, time, this.pricing);
  }

  getAccount(): AccountState {
    return this.state.account;
  }

  getPositions(): readonly Position[] {
    return this.state.positions;
  }

  getFills(): readonly Fill[] {
    return this.state.fills;
  }

  /** Books an order that traded: its fill, with the PnL a close realizes. */
  private async book(
    placed: Order,
    market: BrokerMarket,
    parts: { clientOrderId: string; strategyName: string; intent: 'open' | 'close'; referencePrice?: number },
    trades?: readonly Trade[],
  ): Promise<Fill> {
    const needsTrades = trades === undefined && !placed.fee && !(placed as { fees?: unknown[] }).fees?.length;
    const ownTrades =
      needsTrades && this.options.exchange.has.fetchOrderTrades
        ? await this.options.exchange.fetchOrderTrades(placed.id!, market.market)
        : trades;
    const fill = orderToFill(placed, {
      clientOrderId: parts.clientOrderId,
      symbol: market.symbol,
      strategyName: parts.strategyName,
      intent: parts.intent,
      contractSize: this.options.contractSize,
      base: market.base,
      quote: market.quote,
      ...(ownTrades ? { trades: ownTrades } : {}),
      now: this.now(),
    });
    if (fill.intent === 'close') {
      const position = this.state.positions.find(
        (open) => open.symbol === fill.symbol && open.strategyName === fill.strategyName,
      );
      if (position) {
        fill.direction = position.direction;
        // A close closes the position: the coins a buy's fee took (Binance charges it in the coin bought)
        // were already booked as commission, so the few missing from the sale are not a remainder.
        fill.size = position.size;
        fill.realizedPnl = pricePnl(
          position.direction,
          position.entryPrice,
          fill.price,
          fill.size,
          this.options.contractSize,
        );
      }
    }
    this.state = applyFill(this.state, fill, parts.referencePrice ?? fill.price, this.pricing);
    return fill;
  }

  /** The exchange's order with this client id, if it has one. */
  private async lookup(exchangeId: string, market: BrokerMarket): Promise<Order | undefined> {
    try {
      return await this.options.exchange.fetchOrder(undefined as unknown as string, market.market, {
        clientOrderId: exchangeId,
      });
    } catch (error) {
      if (error instanceof OrderNotFound) return undefined;
      throw error;
    }
  }

  private async send(order: OrderRequest, market: BrokerMarket, exchangeId: string): Promise<Order> {
    const { exchange } = this.options;
    const buy = (order.intent === 'open') === (order.direction === 'long');
    const limit = this.options.orderType === 'limit';
    try {
      let wanted = order.size * this.options.contractSize;
      if (!buy && order.intent === 'close') {
        // Selling a long: at most what is held (the buy's fee may have been taken from the coins bought).
        const balance = await exchange.fetchBalance();
        const free = (balance.free as unknown as Record<string, number | undefined>)[market.base];
        if (free !== undefined && free < wanted) wanted = free;
      }
      const amount = Number(exchange.amountToPrecision(market.market, wanted));
      const price = limit
        ? Number(exchange.priceToPrecision(market.market, order.referencePrice))
        : undefined;
      return await exchange.createOrder(
        market.market,
        limit ? 'limit' : 'market',
        buy ? 'buy' : 'sell',
        amount,
        price,
        {
          clientOrderId: exchangeId,
        },
      );
    } catch (error) {
      const reason = refusalReason(error);
      if (reason !== undefined) throw new OrderRejectedError(reason, order, (error as Error).message);
      // No answer: the order may have arrived. Its id says.
      if (error instanceof NetworkError) {
        const arrived = await this.lookup(exchangeId, market).catch(() => undefined);
        if (arrived !== undefined) return arrived;
      }
      throw error;
    }
  }

  /** Follows an order until it is closed or cancelled; one still open after the timeout is cancelled. */
  private async untilDone(placed: Order, market: BrokerMarket, order: OrderRequest): Promise<Order> {
    const deadline = this.now() + this.options.orderTimeoutMs;
    let current = placed;
    while (current.status === 'open' || current.status === undefined) {
      if (this.now() >= deadline) {
        await this.options.exchange.cancelOrder(current.id!, market.market).catch(() => undefined);
        current = await this.options.exchange.fetchOrder(current.id!, market.market);
        if (current.status === 'open') throw new OrderRejectedError('cancel_failed', order);
        break;
      }
      await this.sleep(Math.min(1_000, this.options.orderTimeoutMs));
      current = await this.options.exchange.fetchOrder(current.id!, market.market);
    }
    return current;
  }

  /** This system's orders and trades of the lookback window, booked in time order. */
  private async loadRecent(): Promise<void> {
    const { exchange, strategyNames, lookbackMs } = this.options;
    const since = this.now() - lookbackMs;
    for (const market of this.markets.values()) {
      const orders = exchange.has.fetchOrders
        ? await exchange.fetchOrders(market.market, since)
        : [
            ...(await exchange.fetchClosedOrders(market.market, since)),
            ...(await exchange.fetchOpenOrders(market.market)),
          ];
      const trades = exchange.has.fetchMyTrades ? await exchange.fetchMyTrades(market.market, since) : [];
      const ours = orders
        .map((order) => ({
          order,
          parts: parseExchangeClientOrderId(order.clientOrderId, market.symbol, strategyNames),
        }))
        .filter((entry) => entry.parts !== undefined)
        .sort((a, b) => (a.order.timestamp ?? 0) - (b.order.timestamp ?? 0));
      for (const { order, parts } of ours) {
        if (order.status === 'open') {
          this.openAtStart.set(parts!.clientOrderId, order);
          this.options.onNotice?.(
            `${exchange.id}: order ${parts!.clientOrderId} is still open: following it`,
          );
        } else if ((order.filled ?? 0) > 0) {
          await this.book(order, market, parts!, trades);
        }
      }
    }
  }
}
