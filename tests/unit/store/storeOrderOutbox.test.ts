import { describe, expect, it } from 'vitest';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { entry, exit } from '../execution/executionFixtures.js';
import { restartAndRecover, setup } from './outboxFixtures.js';

describe('TradeExecutor with the store outbox', () => {
  it('writes the order, then its fill, position, account and broker state', async () => {
    const { store, broker, executor } = setup();
    const result = await executor.execute(entry('2025-01-06T09:00:00Z', { stop_loss: 1.09 }));
    expect(result.status).toBe('filled');
    const [order] = store.listOrders();
    expect(order).toMatchObject({ status: 'filled', stopLoss: 1.09, timeframe: '1' });
    expect(store.listFills()).toEqual(broker.getFills());
    expect(store.getPositions()).toMatchObject([{ symbol: 'EURUSD', stopLoss: 1.09 }]);
    // The account table keeps the money columns; margin figures come back with the broker state.
    expect(broker.getAccount()).toMatchObject(store.getAccount()!);
    expect(store.loadBrokerState()).toMatchObject({ paper: { fills: broker.getFills() } });
  });

  it('reports a replayed signal of a filled order as filled again without calling the broker', async () => {
    const { store, broker, executor } = setup();
    const signal = entry('2025-01-06T09:00:00Z');
    const first = await executor.execute(signal);
    const balance = broker.getAccount().balance;
    const again = await executor.execute(signal);
    expect(again).toMatchObject({ status: 'filled', replayed: true });
    expect(again.status === 'filled' && first.status === 'filled' && again.fill).toEqual(
      first.status === 'filled' && first.fill,
    );
    expect(broker.getFills()).toHaveLength(1);
    expect(broker.getAccount().balance).toBe(balance);
    expect(store.listOrders()).toHaveLength(1);
  });

  it('keeps an exit signal\u2019s reason with its order, where a resumed run finds it', async () => {
    const { store, executor } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    await executor.execute(exit('2025-01-06T09:30:00Z', { reason: 'take_profit' }));
    expect([...store.loadCheckpoints('exit_reasons')]).toEqual([
      ['ema_cross:EURUSD:1:20250106T093000Z:close', 'take_profit'],
    ]);
  });

  it('records a broker rejection and rejects the replayed signal again', async () => {
    const { store, executor } = setup();
    const signal = exit('2025-01-06T09:30:00Z');
    // An exit without a position is ignored by the executor: force a broker rejection with a bad price.
    const bad = entry('2025-01-06T09:00:00Z', { price: -1 });
    expect(await executor.execute(bad)).toMatchObject({ status: 'rejected' });
    expect(store.listOrders()[0]).toMatchObject({ status: 'rejected', reason: expect.any(String) });
    expect(await executor.execute(bad)).toMatchObject({ status: 'rejected' });
    expect(store.listOrders()).toHaveLength(1);
    expect(await executor.execute(signal)).toMatchObject({ status: 'ignored' });
  });
});

describe('recovery of a pending order on start', () => {
  it('re-sends an order written before a crash with the same id, reproducing the uninterrupted fill', async () => {
    const signal = entry('2025-01-06T09:00:00Z');
    const reference = setup();
    const expected = await reference.executor.execute(signal);

    // The crashed run: the order reached the outbox, the broker never saw it.
    const store = TradingStore.open(':memory:');
    const crashed = setup(store);
    store.transaction(() => {
      store.saveBrokerState({ paper: crashed.broker.snapshot(), random: crashed.random.snapshot() });
    });
    const order = expected.status === 'filled' ? expected.order : undefined;
    store.recordOrderIntent({ ...order!, timeframe: '1', candleTime: signal.candle_time });

    const { restarted, resolutions } = await restartAndRecover(store);
    expect(resolutions.map((resolution) => resolution.kind)).toEqual(['resend']);
    expect(store.pendingOrders()).toEqual([]);
    expect(restarted.broker.getFills()).toEqual(reference.broker.getFills());
    expect(restarted.broker.getAccount()).toEqual(reference.broker.getAccount());
    const replay = await restarted.executor.execute(signal);
    expect(replay).toMatchObject({ status: 'filled', replayed: true });
    expect(store.listFills()).toHaveLength(1);
  });
});
