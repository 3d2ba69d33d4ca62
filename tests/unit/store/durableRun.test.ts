import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { DurableRun, type DurableRunOptions, type RunProgress } from '../../../src/store/durableRun.js';
import type { PaperBrokerCheckpoint } from '../../../src/store/paperBrokerCheckpoint.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { intent } from '../../support/storeFixtures.js';

const trading = SystemConfigSchema.parse({}).trading;
const logger = pino({ level: 'silent' });
const progress = (candles: number): RunProgress => ({
  counts: { candles, entry_signals: 0, exit_signals: 0, orders: 0, blocked: 0 },
});

const opened: TradingStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

/** An in-memory store, closed after the test, with whatever the test saves in it before the run starts. */
function storeWith(saved: (store: TradingStore) => void = () => {}): TradingStore {
  const store = TradingStore.open(':memory:');
  opened.push(store);
  saved(store);
  return store;
}

/** A durable run over `store` with a broker the store does not keep, unless the options say otherwise. */
function durableRun(store: TradingStore, options: Partial<DurableRunOptions> = {}): DurableRun {
  return new DurableRun({
    store,
    broker: new PaperBroker({ trading }),
    manager: barsAt({}),
    symbols: ['EURUSD'],
    logger,
    env: {},
    ...options,
  });
}

/** The data source manager's last bar per symbol, moved by the test as the run's data would move it. */
function barsAt(times: Record<string, number | undefined>) {
  return { lastTime: (symbol: string) => times[symbol] } as never;
}

describe('DurableRun with a broker whose state the store does not keep', () => {
  it('checkpoints the account and progress but no broker state, and recovers without restoring a paper broker', async () => {
    const store = storeWith();
    const broker = new PaperBroker({ trading });
    const durable = durableRun(store, { broker, manager: barsAt({ EURUSD: 1_000 }) });

    durable.checkpoint(progress(1));

    expect(store.loadBrokerState()).toBeUndefined();
    expect(store.getAccount()).toMatchObject({
      balance: broker.getAccount().balance,
      equity: broker.getAccount().equity,
    });
    expect(store.loadCheckpoint('system', 'progress')).toEqual(progress(1));
    expect(store.loadCheckpoint('data_fetching', 'last_bars')).toEqual({ EURUSD: 1_000 });
    expect(await durableRun(storeWith()).recover()).toEqual([]);
  });

  it('re-sends a pending order to that broker on recover and records its fill', async () => {
    const order = intent();
    const store = storeWith((store) => store.recordOrderIntent(order));

    await durableRun(store).recover();

    expect(store.getOrder(order.clientOrderId)?.status).toBe('filled');
    expect(store.loadBrokerState()).toBeUndefined();
  });
});

describe('DurableRun with the paper broker and no slippage generator', () => {
  it('saves the paper account without a generator position, its fills kept in the fills table', () => {
    const store = storeWith();
    const paper = new PaperBroker({ trading });
    const durable = durableRun(store, { broker: paper, paper, manager: barsAt({ EURUSD: 1_000 }) });

    durable.checkpoint(progress(1));

    const saved = store.loadBrokerState() as PaperBrokerCheckpoint;
    expect(saved).not.toHaveProperty('random');
    expect(saved.fillsInTable).toBe(true);
    expect(saved.paper).toMatchObject({ fills: [] });
  });
});

describe('DurableRun resuming several symbols', () => {
  function resumed(lastBars: Record<string, number>, times: Record<string, number | undefined>) {
    const store = storeWith((store) => {
      store.saveCheckpoint('data_fetching', 'last_bars', lastBars);
      store.saveCheckpoint('system', 'progress', progress(7));
    });
    const durable = durableRun(store, {
      manager: barsAt(times),
      symbols: ['EURUSD', 'GBPUSD'],
      cadence: { bars: 1, milliseconds: 3_600_000 },
    });
    return { store, durable };
  }

  it('restores the counts and replays each symbol up to its own saved last bar', () => {
    const times: Record<string, number | undefined> = { EURUSD: 1_000, GBPUSD: undefined };
    const { durable } = resumed({ EURUSD: 2_000 }, times);

    expect(durable.restored?.counts.candles).toBe(7);
    expect(durable.replaying('EURUSD')).toBe(true);
    expect(durable.catchingUp()).toBe(true);
    // GBPUSD has no saved bar and no data yet: not a replay, but the run has not caught up either.
    expect(durable.replaying('GBPUSD')).toBe(false);
  });

  it('ends the replay only once every symbol, saved bar or not, has a bar after its saved one', () => {
    const times: Record<string, number | undefined> = { EURUSD: 3_000, GBPUSD: undefined };
    const { durable } = resumed({ EURUSD: 2_000 }, times);

    expect(durable.replaying('EURUSD')).toBe(false);
    expect(durable.catchingUp()).toBe(false);
    times.EURUSD = 1_500; // still not done: GBPUSD had no bar, so a lower EURUSD time still counts as replay
    expect(durable.replaying('EURUSD')).toBe(true);

    times.EURUSD = 3_000;
    times.GBPUSD = 10;
    expect(durable.replaying('GBPUSD')).toBe(false);
    // Done for good: an earlier time is not taken for a replay any more.
    times.EURUSD = 1_500;
    expect(durable.replaying('EURUSD')).toBe(false);
    expect(durable.catchingUp()).toBe(false);
  });

  it('skips the checkpoint of a cycle still behind the saved last bar, so it never moves backwards', () => {
    const times: Record<string, number | undefined> = { EURUSD: 1_000, GBPUSD: 1_000 };
    const { store, durable } = resumed({ EURUSD: 2_000, GBPUSD: 2_000 }, times);

    durable.checkpoint(progress(8));
    expect(store.loadCheckpoint('data_fetching', 'last_bars')).toEqual({ EURUSD: 2_000, GBPUSD: 2_000 });

    times.EURUSD = 3_000;
    times.GBPUSD = 3_000;
    durable.checkpoint(progress(9));
    expect(store.loadCheckpoint('data_fetching', 'last_bars')).toEqual({ EURUSD: 3_000, GBPUSD: 3_000 });
    expect(store.loadCheckpoint('system', 'progress')).toEqual(progress(9));
  });
});

describe('DurableRun.close', () => {
  function run(ownsStore: boolean) {
    const store = storeWith();
    const durable = durableRun(store, {
      manager: barsAt({ EURUSD: 1_000 }),
      ownsStore,
      cadence: { bars: 100, milliseconds: 3_600_000 },
    });
    return { store, durable };
  }

  it('writes the cycle the cadence held back and leaves a store it did not open open', () => {
    const { store, durable } = run(false);
    durable.checkpoint(progress(1));
    expect(store.loadCheckpoint('system', 'progress')).toBeUndefined();

    durable.close();

    expect(store.isOpen).toBe(true);
    expect(store.loadCheckpoint('system', 'progress')).toEqual(progress(1));
  });

  it('closes a store it opened', () => {
    const { store, durable } = run(true);
    durable.close();
    expect(store.isOpen).toBe(false);
  });

  it('does nothing to a store already closed (the cycle held back is lost, not an error)', () => {
    const { store, durable } = run(false);
    durable.checkpoint(progress(1));
    store.close();
    expect(() => durable.close()).not.toThrow();
  });
});

describe('DurableRun.open and notice', () => {
  it('opens a new store without an identity check and gives no resume notice for it', () => {
    const store = DurableRun.open(':memory:', {});
    opened.push(store);
    const durable = durableRun(store, { symbols: [] });
    expect(store.resumed).toBe(false);
    expect(durable.restored).toBeUndefined();
    expect(durable.notice()).toBeUndefined();
  });
});
