import { describe, expect, it } from 'vitest';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { entry, exit } from '../execution/executionFixtures.js';
import { restartAndRecover, setup as setupOutbox } from './outboxFixtures.js';

const setup = (store?: TradingStore) => setupOutbox(store, true);

describe('StoreOrderOutbox with deferFills', () => {
  it('leaves a fill pending in the store until flushFills, then writes fill, position, account and broker state', async () => {
    const { store, broker, outbox, executor } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z', { stop_loss: 1.09 }));
    expect(store.listOrders().map((order) => order.status)).toEqual(['pending']);
    expect(store.listFills()).toEqual([]);
    outbox.flushFills();
    expect(store.listOrders()).toMatchObject([{ status: 'filled', stopLoss: 1.09 }]);
    expect(store.listFills()).toEqual(broker.getFills());
    expect(store.getPositions()).toMatchObject([{ symbol: 'EURUSD', stopLoss: 1.09 }]);
    expect(broker.getAccount()).toMatchObject(store.getAccount()!);
    expect(store.loadBrokerState()).toMatchObject({ paper: { fills: broker.getFills() } });
  });

  it('commits held fills in the next order’s transaction, before that order', async () => {
    const { store, broker, executor } = setup();
    await executor.execute(entry('2025-01-06T09:00:00Z'));
    await executor.execute(exit('2025-01-06T09:30:00Z'));
    expect(store.listOrders().map((order) => order.status)).toEqual(['filled', 'pending']);
    expect(store.listFills()).toEqual(broker.getFills().slice(0, 1));
    expect(store.getPositions()).toHaveLength(1);
  });

  it('reports a replayed signal of a held fill as filled without calling the broker again', async () => {
    const { broker, executor } = setup();
    const signal = entry('2025-01-06T09:00:00Z');
    await executor.execute(signal);
    expect(await executor.execute(signal)).toMatchObject({ status: 'filled', replayed: true });
    expect(broker.getFills()).toHaveLength(1);
  });

  it('after a crash before the held fill was committed, recovery re-sends the order and reproduces the fill', async () => {
    const signal = entry('2025-01-06T09:00:00Z');
    const reference = setup();
    await reference.executor.execute(signal);

    const store = TradingStore.open(':memory:');
    const crashed = setup(store);
    // The checkpoint before the order, as the durable run writes it; the process dies with the fill held.
    store.transaction(() => {
      store.saveBrokerState({ paper: crashed.broker.snapshot(), random: crashed.random.snapshot() });
    });
    await crashed.executor.execute(signal);
    expect(store.pendingOrders()).toHaveLength(1);

    const { restarted, resolutions } = await restartAndRecover(store);
    expect(resolutions.map((resolution) => resolution.kind)).toEqual(['resend']);
    expect(store.pendingOrders()).toEqual([]);
    expect(restarted.broker.getFills()).toEqual(reference.broker.getFills());
    expect(restarted.broker.getAccount()).toEqual(reference.broker.getAccount());
    expect(store.listFills()).toEqual(reference.broker.getFills());
  });
});
