import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../src/execution/broker.js';
import { OrderRejectedError } from '../../../src/execution/orderRejectedError.js';
import { FakeBroker } from '../../../src/testing/fakeBroker.js';

const order = (overrides: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId: 'order-1',
  symbol: 'MSFT',
  direction: 'long',
  size: 10,
  intent: 'open',
  strategyName: 'ema_cross',
  referencePrice: 100,
  time: 1_000,
  ...overrides,
});

describe('FakeBroker', () => {
  it('fills an order at its reference price without costs and holds the position', () => {
    const broker = new FakeBroker(5_000);
    const fill = broker.placeOrder(order({}));
    expect(fill).toMatchObject({ price: 100, size: 10, commission: 0, intent: 'open', time: 1_000 });
    expect(broker.getPositions()).toEqual([
      expect.objectContaining({
        symbol: 'MSFT',
        direction: 'long',
        size: 10,
        entryPrice: 100,
        unrealizedPnl: 0,
      }),
    ]);
    expect(broker.getAccount()).toMatchObject({ balance: 5_000, equity: 5_000, realizedPnl: 0 });
  });

  it('marks open positions of the priced symbol only, long and short with opposite signs', () => {
    const broker = new FakeBroker();
    broker.placeOrder(order({}));
    broker.placeOrder(order({ clientOrderId: 'order-2', direction: 'short', strategyName: 'rsi', size: 5 }));
    broker.placeOrder(order({ clientOrderId: 'order-3', symbol: 'AAPL', referencePrice: 50 }));
    broker.markToMarket('MSFT', 103);
    const unrealized = Object.fromEntries(
      broker
        .getPositions()
        .map((position) => [`${position.symbol} ${position.direction}`, position.unrealizedPnl]),
    );
    expect(unrealized).toEqual({ 'MSFT long': 30, 'MSFT short': -15, 'AAPL long': 0 });
    expect(broker.getAccount()).toMatchObject({ equity: 10_015, unrealizedPnl: 15 });
  });

  it('realizes the PnL of a close into the balance and drops the position', () => {
    const broker = new FakeBroker(1_000);
    broker.placeOrder(order({ direction: 'short' }));
    const close = broker.placeOrder(
      order({ clientOrderId: 'order-2', direction: 'short', intent: 'close', referencePrice: 90 }),
    );
    expect(close.realizedPnl).toBe(100);
    expect(broker.getPositions()).toEqual([]);
    expect(broker.getAccount()).toMatchObject({
      balance: 1_100,
      equity: 1_100,
      realizedPnl: 100,
      dailyRealizedPnl: 100,
    });
    expect(broker.getFills()).toHaveLength(2);
  });

  it('fills a close without an open position with no PnL', () => {
    const broker = new FakeBroker(1_000);
    const close = broker.placeOrder(order({ intent: 'close' }));
    expect(close.realizedPnl).toBeUndefined();
    expect(broker.getAccount().balance).toBe(1_000);
  });

  it('refuses the queued number of next orders with OrderRejectedError, still recording them', () => {
    const broker = new FakeBroker();
    broker.rejectNext('market closed');
    broker.rejectNext('insufficient_margin');
    expect(() => broker.placeOrder(order({}))).toThrow(new OrderRejectedError('market closed', order({})));
    expect(() => broker.placeOrder(order({}))).toThrow(/rejected: insufficient_margin/);
    expect(broker.placeOrder(order({})).price).toBe(100);
    expect(broker.orders).toHaveLength(3);
    expect(broker.getFills()).toHaveLength(1);
  });
});
