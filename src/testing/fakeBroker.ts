import type { AccountState, Broker, Fill, OrderRequest, Position } from '../execution/broker.js';
import { OrderRejectedError } from '../execution/orderRejectedError.js';

/**
 * A broker for unit tests: fills every order at its reference price with no costs, records every order,
 * and can be told to refuse the next orders. Money is in price units times size (no contract size).
 *
 * @example
 * ```ts
 * declare const executor: TradeExecutor;
 * declare const signal: EntrySignalEvent;
 * const broker = new FakeBroker();
 * broker.rejectNext('market closed');
 * await expect(executor.execute(signal)).resolves.toMatchObject({ status: 'rejected' });
 * expect(broker.orders).toHaveLength(1);
 * ```
 */
export class FakeBroker implements Broker {
  readonly name = 'fake';
  readonly orders: OrderRequest[] = [];
  private readonly fills: Fill[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly rejections: string[] = [];
  private balance: number;

  constructor(initialBalance = 10_000) {
    this.balance = initialBalance;
  }

  /** The next order is refused with `reason` (queue several for several orders). */
  rejectNext(reason: string): void {
    this.rejections.push(reason);
  }

  placeOrder(order: OrderRequest): Fill {
    this.orders.push(order);
    const rejection = this.rejections.shift();
    if (rejection !== undefined) throw new OrderRejectedError(rejection, order);
    const key = `${order.symbol}\u0000${order.strategyName}`;
    const fill: Fill = {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      direction: order.direction,
      size: order.size,
      price: order.referencePrice,
      commission: 0,
      time: order.time,
      intent: order.intent,
      strategyName: order.strategyName,
    };
    if (order.intent === 'open') {
      this.positions.set(key, {
        symbol: order.symbol,
        strategyName: order.strategyName,
        direction: order.direction,
        size: order.size,
        entryPrice: order.referencePrice,
        entryTime: order.time,
        clientOrderId: order.clientOrderId,
        unrealizedPnl: 0,
      });
    } else {
      const open = this.positions.get(key);
      if (open) {
        const sign = open.direction === 'long' ? 1 : -1;
        fill.realizedPnl = (order.referencePrice - open.entryPrice) * open.size * sign;
        this.balance += fill.realizedPnl;
        this.positions.delete(key);
      }
    }
    this.fills.push(fill);
    return fill;
  }

  markToMarket(symbol: string, price: number): void {
    for (const position of this.positions.values()) {
      if (position.symbol !== symbol) continue;
      const sign = position.direction === 'long' ? 1 : -1;
      position.unrealizedPnl = (price - position.entryPrice) * position.size * sign;
    }
  }

  getAccount(): AccountState {
    const unrealized = [...this.positions.values()].reduce(
      (sum, position) => sum + position.unrealizedPnl,
      0,
    );
    const realized = this.fills.reduce((sum, fill) => sum + (fill.realizedPnl ?? 0), 0);
    const equity = this.balance + unrealized;
    return {
      balance: this.balance,
      equity,
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      peakEquity: equity,
      dailyRealizedPnl: realized,
      dayStart: 0,
      commissionPaid: 0,
    };
  }

  getPositions(): readonly Position[] {
    return [...this.positions.values()];
  }

  getFills(): readonly Fill[] {
    return this.fills;
  }
}
