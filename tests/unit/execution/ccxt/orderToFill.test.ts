import type { Order, Trade } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { type FillContext, orderToFill } from '../../../../src/execution/ccxt/orderToFill.js';

const context: FillContext = {
  clientOrderId: 'trend:BTC/USDT:60:20250106T100000Z:open',
  symbol: 'BTC/USDT',
  strategyName: 'trend',
  intent: 'open',
  contractSize: 1,
  base: 'BTC',
  quote: 'USDT',
  now: Date.parse('2025-01-06T11:00:00Z'),
};

/** An exchange order as ccxt returns it; only what `orderToFill` reads matters. */
function order(fields: Partial<Order>): Order {
  return { id: 'o1', side: 'buy', filled: 0.5, ...fields } as Order;
}

describe('orderToFill', () => {
  it('takes the average price, the filled size in lots and the exchange time of a traded order', () => {
    const fill = orderToFill(
      order({ average: 42_000, filled: 2, lastTradeTimestamp: 1_000, timestamp: 500 }),
      {
        ...context,
        contractSize: 0.5,
      },
    );
    expect(fill).toEqual({
      clientOrderId: context.clientOrderId,
      symbol: 'BTC/USDT',
      direction: 'long',
      size: 4,
      price: 42_000,
      commission: 0,
      time: 1_000,
      intent: 'open',
      strategyName: 'trend',
    });
  });

  it('derives the price from cost / filled without an average, and from the order price without either', () => {
    expect(orderToFill(order({ cost: 21_000, filled: 0.5 }), context).price).toBe(42_000);
    expect(orderToFill(order({ price: 41_500, filled: 0 }), context).price).toBe(41_500);
    expect(orderToFill(order({ filled: undefined as never }), context)).toMatchObject({ price: 0, size: 0 });
  });

  it('uses the order time when no trade time is given, and the context time when the exchange gives none', () => {
    expect(orderToFill(order({ average: 1, timestamp: 700 }), context).time).toBe(700);
    expect(orderToFill(order({ average: 1 }), context).time).toBe(context.now);
  });

  it('reads the position direction from side and intent: selling opens a short and closes a long', () => {
    const direction = (side: 'buy' | 'sell', intent: 'open' | 'close') =>
      orderToFill(order({ side, average: 1 }), { ...context, intent }).direction;
    expect([direction('buy', 'open'), direction('sell', 'open')]).toEqual(['long', 'short']);
    expect([direction('sell', 'close'), direction('buy', 'close')]).toEqual(['long', 'short']);
  });

  it('adds fees in the quote currency and values fees in the base currency at the fill price', () => {
    const fees = [
      { cost: 1.5, currency: 'USDT' },
      { cost: 0.0001, currency: 'BTC' },
      { cost: 3, currency: 'BNB' },
      { cost: 0, currency: 'USDT' },
      { currency: 'USDT' },
    ];
    const fill = orderToFill(order({ average: 40_000, fees } as Partial<Order>), context);
    // 1.5 USDT + 0.0001 BTC × 40,000; a fee in a third currency has no price here and is left out.
    expect(fill.commission).toBe(5.5);
  });

  it('takes the single fee of an order that has no list of fees', () => {
    const fill = orderToFill(order({ average: 100, fee: { cost: 0.25, currency: 'USDT' } }), context);
    expect(fill.commission).toBe(0.25);
  });

  it("reads the fees from the order's own trades when the order carries none", () => {
    const trades = [
      { order: 'o1', fee: { cost: 0.4, currency: 'USDT' } },
      { order: 'o1', fees: [{ cost: 0.6, currency: 'USDT' }] },
      { order: 'other', fee: { cost: 9, currency: 'USDT' } },
    ] as unknown as Trade[];
    expect(orderToFill(order({ average: 100 }), { ...context, trades }).commission).toBe(1);
    // Fees on the order itself win over its trades.
    const own = order({ average: 100, fee: { cost: 0.1, currency: 'USDT' } });
    expect(orderToFill(own, { ...context, trades }).commission).toBe(0.1);
  });

  it('rounds the commission to 8 decimals', () => {
    const fees = [
      { cost: 0.1, currency: 'USDT' },
      { cost: 0.2, currency: 'USDT' },
    ];
    expect(orderToFill(order({ average: 1, fees } as Partial<Order>), context).commission).toBe(0.3);
  });
});
