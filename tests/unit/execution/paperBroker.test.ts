import { describe, expect, it } from 'vitest';
import { OrderRejectedError } from '../../../src/execution/orderRejectedError.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { SeededRandom } from '../../../src/util/random.js';
import { at, makeConfig, order } from './executionFixtures.js';

// Defaults: 0.8 pip spread (0.4 each side), 0.2 pip slippage, $7 per lot round trip, 100000 units per lot.
const newBroker = (trading = {}) => new PaperBroker({ trading: makeConfig(trading).trading });

describe('PaperBroker accounting', () => {
  it('books a winning long to the cent: buy 0.1 at 1.10006, sell at 1.10094, balance 10008.10', () => {
    const broker = newBroker();
    const open = broker.placeOrder(order({ referencePrice: 1.1 }));
    expect(open.price).toBe(1.10006); // ask 1.10004 + 0.2 pip adverse slippage
    expect(open.commission).toBe(0.35); // half of 7 × 0.1
    const close = broker.placeOrder(
      order({ intent: 'close', referencePrice: 1.101, clientOrderId: 'c', time: at('2025-01-06T11:00:00Z') }),
    );
    expect(close.price).toBe(1.10094); // bid 1.10096 − 0.2 pip
    expect(close.realizedPnl).toBe(8.8); // (1.10094 − 1.10006) × 0.1 × 100000
    expect(close.commission).toBe(0.35);
    expect(broker.getAccount()).toMatchObject({
      balance: 10008.1,
      equity: 10008.1,
      realizedPnl: 8.8,
      unrealizedPnl: 0,
      commissionPaid: 0.7,
      dailyRealizedPnl: 8.1,
    });
    expect(broker.getPositions()).toEqual([]);
    expect(broker.getFills()).toHaveLength(2);
  });

  it('books a winning short to the cent: sell 0.1 at 1.09994, buy back at 1.09906, balance 10008.10', () => {
    const broker = newBroker();
    const open = broker.placeOrder(order({ direction: 'short', referencePrice: 1.1 }));
    expect(open.price).toBe(1.09994);
    const close = broker.placeOrder(
      order({ direction: 'short', intent: 'close', referencePrice: 1.099, clientOrderId: 'c' }),
    );
    expect(close.price).toBe(1.09906);
    expect(close.realizedPnl).toBe(8.8); // (1.09906 − 1.09994) × 0.1 × 100000 × −1
    expect(broker.getAccount().balance).toBe(10008.1);
  });

  it('books a losing long of 0.2 lot: realized −102.40, commissions 1.40, balance 9896.20', () => {
    const broker = newBroker();
    broker.placeOrder(order({ size: 0.2, referencePrice: 1.2 })); // fill 1.20006
    const close = broker.placeOrder(
      order({ size: 0.2, intent: 'close', referencePrice: 1.195, clientOrderId: 'c' }),
    );
    expect(close.price).toBe(1.19494);
    expect(close.realizedPnl).toBe(-102.4); // (1.19494 − 1.20006) × 0.2 × 100000
    expect(broker.getAccount()).toMatchObject({
      balance: 9896.2,
      commissionPaid: 1.4,
      dailyRealizedPnl: -103.8,
    });
  });

  it('values open positions at the exit side of the mark and tracks the equity peak', () => {
    const broker = newBroker();
    broker.placeOrder(order({ referencePrice: 1.1 })); // long 0.1 at 1.10006, balance 9999.65
    // Marked at its own reference 1.10000: it would exit at the bid 1.09996, 1 pip under the entry.
    expect(broker.getAccount()).toMatchObject({
      balance: 9999.65,
      unrealizedPnl: -1,
      equity: 9998.65,
      peakEquity: 10000,
    });
    broker.markToMarket('EURUSD', 1.102, at('2025-01-06T10:05:00Z')); // bid 1.10196: +19.00
    expect(broker.getAccount()).toMatchObject({ unrealizedPnl: 19, equity: 10018.65, peakEquity: 10018.65 });
    expect(broker.getPositions()[0]?.unrealizedPnl).toBe(19);
    broker.markToMarket('EURUSD', 1.098, at('2025-01-06T10:06:00Z')); // bid 1.09796: −21.00
    expect(broker.getAccount()).toMatchObject({ unrealizedPnl: -21, equity: 9978.65, peakEquity: 10018.65 });
  });

  it('values a short at the ask and leaves other symbols untouched by a mark', () => {
    const broker = newBroker();
    broker.placeOrder(order({ direction: 'short', referencePrice: 1.1 })); // 1.09994
    broker.placeOrder(order({ symbol: 'GBPUSD', referencePrice: 1.25, clientOrderId: 'g' })); // 1.25006, −1.00
    broker.markToMarket('EURUSD', 1.099, at('2025-01-06T10:05:00Z')); // ask 1.09904: +9.00
    const bySymbol = Object.fromEntries(broker.getPositions().map((p) => [p.symbol, p.unrealizedPnl]));
    expect(bySymbol).toEqual({ EURUSD: 9, GBPUSD: -1 });
    expect(broker.getAccount().unrealizedPnl).toBe(8);
  });

  it('resets the daily realized PnL at the UTC midnight, keeping the balance', () => {
    const broker = newBroker();
    broker.placeOrder(order({ size: 0.2, referencePrice: 1.2, time: at('2025-01-06T23:00:00Z') }));
    broker.placeOrder(
      order({
        size: 0.2,
        intent: 'close',
        referencePrice: 1.195,
        clientOrderId: 'c',
        time: at('2025-01-06T23:58:00Z'),
      }),
    );
    expect(broker.getAccount()).toMatchObject({
      dailyRealizedPnl: -103.8,
      dayStart: at('2025-01-06T00:00:00Z'),
    });
    broker.markToMarket('EURUSD', 1.195, at('2025-01-06T23:59:59Z'));
    expect(broker.getAccount().dailyRealizedPnl).toBe(-103.8);
    broker.markToMarket('EURUSD', 1.195, at('2025-01-07T00:00:00Z'));
    expect(broker.getAccount()).toMatchObject({
      dailyRealizedPnl: 0,
      dayStart: at('2025-01-07T00:00:00Z'),
      balance: 9896.2,
    });
  });

  it('closes part of a position, keeping the rest at its entry price', () => {
    const broker = newBroker();
    broker.placeOrder(order({ size: 0.3, referencePrice: 1.1 }));
    const close = broker.placeOrder(
      order({ size: 0.1, intent: 'close', referencePrice: 1.101, clientOrderId: 'c' }),
    );
    expect(close.realizedPnl).toBe(8.8);
    expect(broker.getPositions()).toMatchObject([{ size: 0.2, entryPrice: 1.10006 }]);
  });

  it.each([
    ['position_exists', [order(), order({ clientOrderId: 'second' })]],
    ['no_position', [order({ intent: 'close' })]],
    ['direction_mismatch', [order(), order({ intent: 'close', direction: 'short', clientOrderId: 'c' })]],
    ['size_exceeds_position', [order(), order({ intent: 'close', size: 0.2, clientOrderId: 'c' })]],
    ['invalid_size', [order({ size: 0 })]],
  ])('rejects with %s and leaves the account as it was', (reason, orders) => {
    const broker = newBroker();
    const accepted = orders.slice(0, -1);
    for (const accept of accepted) broker.placeOrder(accept);
    const before = broker.snapshot();
    let caught: unknown;
    try {
      broker.placeOrder(orders.at(-1)!);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OrderRejectedError);
    expect((caught as OrderRejectedError).reason).toBe(reason);
    expect(broker.snapshot()).toEqual(before);
  });

  it('draws slippage from the seeded random: the same seed gives the same fill, always adverse', () => {
    const { trading } = makeConfig();
    const prices = (seed: number) => {
      const broker = new PaperBroker({ trading, random: new SeededRandom(seed) });
      return [1, 2, 3, 4, 5].map(
        (n) => broker.placeOrder(order({ strategyName: `s${n}`, clientOrderId: `o${n}` })).price,
      );
    };
    const first = prices(7);
    expect(prices(7)).toEqual(first);
    for (const price of first) {
      expect(price).toBeGreaterThanOrEqual(1.10004); // the ask
      expect(price).toBeLessThanOrEqual(1.10008); // ask + 2 × 0.2 pip
    }
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('sends the account to its @xstate/store store on each fill, while marks only move getAccount()', () => {
    const broker = newBroker();
    const equities: number[] = [];
    const subscription = broker.store.subscribe((snapshot) => equities.push(snapshot.context.account.equity));
    broker.placeOrder(order());
    broker.markToMarket('EURUSD', 1.102, at('2025-01-06T10:05:00Z'));
    expect(broker.getAccount().equity).toBe(10018.65);
    broker.placeOrder(order({ intent: 'close', clientOrderId: 'c2', referencePrice: 1.102 }));
    subscription.unsubscribe();
    expect(equities).toEqual([9998.65, broker.getAccount().equity]);
    expect(broker.store.getSnapshot().context).toBe(broker.current());
  });

  it('never changes the marks and positions of a state handed out (store, current()), though marks write in place', () => {
    const broker = newBroker({ symbols: ['EURUSD', 'GBPUSD'] });
    broker.placeOrder(order({ referencePrice: 1.1 }));
    const filled = broker.store.getSnapshot().context;
    broker.markToMarket('EURUSD', 1.102, at('2025-01-06T10:05:00Z'));
    broker.markToMarket('EURUSD', 1.103, at('2025-01-06T10:06:00Z'));
    const kept = broker.current();
    broker.markToMarket('EURUSD', 1.104, at('2025-01-06T10:07:00Z'));
    broker.markToMarket('GBPUSD', 1.25, at('2025-01-06T10:07:00Z'));
    broker.markToMarket('EURUSD', 1.105, at('2025-01-06T10:08:00Z'));
    expect(filled.marks).toEqual({ EURUSD: 1.1 });
    expect(kept.marks).toEqual({ EURUSD: 1.103 });
    expect(filled.positions[0]!.unrealizedPnl).toBe(-1);
    expect(kept.positions[0]!.unrealizedPnl).toBe(29);
    expect(broker.getPositions()[0]!.unrealizedPnl).toBe(49);
    expect(broker.current().marks).toEqual({ EURUSD: 1.105, GBPUSD: 1.25 });
    expect(broker.getAccount().equity).toBe(10048.65);
  });

  it('sizes a cross pair at the latest mark of the pair it converts through, not the one of the last fill', () => {
    const broker = newBroker({ symbols: ['EURGBP', 'GBPUSD'] });
    broker.markToMarket('GBPUSD', 1.25, at('2025-01-06T10:05:00Z'));
    broker.placeOrder(order({ symbol: 'GBPUSD', referencePrice: 1.25, clientOrderId: 'g' }));
    expect(broker.conversionRate('EURGBP', 0.85, at('2025-01-06T10:05:00Z'))).toBe(1.25);
    broker.markToMarket('GBPUSD', 1.3, at('2025-01-06T10:06:00Z'));
    expect(broker.conversionRate('EURGBP', 0.85, at('2025-01-06T10:06:00Z'))).toBe(1.3);
  });
});

describe('PaperBroker snapshot and restore', () => {
  it('restores a JSON round-tripped checkpoint that then trades exactly like the original', () => {
    const original = newBroker();
    original.placeOrder(order({ referencePrice: 1.1 }));
    original.markToMarket('EURUSD', 1.102, at('2025-01-06T10:05:00Z'));
    const restored = newBroker();
    restored.restore(JSON.parse(JSON.stringify(original.snapshot())));
    expect(restored.getAccount()).toEqual(original.getAccount());
    expect(restored.getPositions()).toEqual(original.getPositions());
    const close = order({ intent: 'close', referencePrice: 1.101, clientOrderId: 'c' });
    expect(restored.placeOrder(close)).toEqual(original.placeOrder(close));
    expect(restored.snapshot()).toEqual(original.snapshot());
  });

  it('refuses a checkpoint that is not one, leaving the account unchanged', () => {
    const broker = newBroker();
    expect(() => broker.restore({ version: 1, account: { balance: 'lots' } })).toThrow();
    expect(broker.getAccount().balance).toBe(10_000);
  });

  it('returns a copy from snapshot(): mutating it does not touch the account', () => {
    const broker = newBroker();
    broker.placeOrder(order());
    const copy = broker.snapshot();
    copy.account.balance = 0;
    copy.positions.length = 0;
    expect(broker.getAccount().balance).toBe(9999.65);
    expect(broker.getPositions()).toHaveLength(1);
  });

  it('keeps in a snapshot the fills of its moment while later fills append to the shared list', () => {
    const broker = newBroker();
    broker.placeOrder(order());
    const before = broker.snapshot();
    const fills = broker.getFills();
    broker.placeOrder(order({ intent: 'close', referencePrice: 1.101, clientOrderId: 'c' }));
    expect(before.fills.map((fill) => fill.clientOrderId)).toEqual([order().clientOrderId]);
    // Appended, not copied: a copy per fill made a long run quadratic in its fills.
    expect(broker.getFills()).toBe(fills);
    expect(broker.getFills().map((fill) => fill.intent)).toEqual(['open', 'close']);
  });
});

describe('PaperBroker valuation at a price', () => {
  it('gives the equity and used margin a mark at that price books, without changing the account', () => {
    const { trading } = makeConfig({ symbols: ['EURUSD', 'USDJPY'] });
    const broker = new PaperBroker({ trading });
    broker.placeOrder(order({ size: 1 }));
    broker.placeOrder(
      order({
        clientOrderId: 'test:USDJPY:1:20250106T100000Z:open',
        symbol: 'USDJPY',
        direction: 'short',
        referencePrice: 150,
      }),
    );
    const time = at('2025-01-06T10:05:00Z');
    for (const [symbol, price] of [
      ['EURUSD', 1.095],
      ['USDJPY', 151.2],
    ] as const) {
      const before = broker.snapshot();
      const trial = broker.valuationAt(symbol, price, time);
      expect(broker.snapshot()).toEqual(before);
      broker.markToMarket(symbol, price, time);
      expect(trial).toEqual({
        equity: broker.getAccount().equity,
        usedMargin: broker.getAccount().usedMargin,
      });
    }
  });

  it('leaves a price that would raise the equity peak to a mark', () => {
    const broker = new PaperBroker({ trading: makeConfig().trading });
    broker.placeOrder(order({ size: 1 }));
    expect(broker.valuationAt('EURUSD', 1.2, at('2025-01-06T10:05:00Z'))).toBeUndefined();
  });
});

describe('PaperBroker on prices smaller than its spread', () => {
  it('refuses to open a short whose fill would be at or below 0 (0.0001 pip on a coin at 0.00002), naming pip_size', () => {
    const broker = newBroker();
    const opening = () =>
      broker.placeOrder(order({ direction: 'short', symbol: 'EURUSD', referencePrice: 0.00002 }));
    expect(opening).toThrow(OrderRejectedError);
    expect(opening).toThrow(
      /invalid_price \(fill price -0\.00004: .*trading\.instruments\.EURUSD\.pip_size\)/,
    );
    expect(broker.getPositions()).toEqual([]);
  });
});
