import { describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { crashHooksFromEnv, EXIT_REASONS, StoreOrderOutbox } from '../../../src/store/storeOrderOutbox.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { intent } from '../../support/storeFixtures.js';
import { entry, exit } from '../execution/executionFixtures.js';

function setup() {
  const store = TradingStore.open(':memory:');
  const broker = new PaperBroker({ trading: SystemConfigSchema.parse({}).trading });
  let saves = 0;
  const outbox = new StoreOrderOutbox({
    store,
    broker,
    brokerState: () => ({ paper: broker.snapshot(), save: ++saves }),
  });
  return { store, broker, outbox };
}

describe('crashHooksFromEnv', () => {
  it('reads each crash point given as a positive whole number', () => {
    expect(
      crashHooksFromEnv({
        TRADESTATE_TEST_CRASH_AFTER_OUTBOX: '3',
        TRADESTATE_TEST_CRASH_AFTER_FILL: '1',
        TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT: '300',
      }),
    ).toEqual({ crashAfterOutbox: 3, crashAfterFill: 1, crashAfterCheckpoint: 300 });
  });

  it('sets no crash point for an absent, zero, negative, fractional or non-numeric value', () => {
    expect(crashHooksFromEnv({})).toEqual({});
    expect(
      crashHooksFromEnv({
        TRADESTATE_TEST_CRASH_AFTER_OUTBOX: '0',
        TRADESTATE_TEST_CRASH_AFTER_FILL: '-2',
        TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT: '1.5',
      }),
    ).toEqual({});
    expect(crashHooksFromEnv({ TRADESTATE_TEST_CRASH_AFTER_FILL: 'soon' })).toEqual({});
  });
});

describe('StoreOrderOutbox', () => {
  it('marks a refused order rejected with its reason and saves the broker state in the same write', () => {
    const { store, outbox } = setup();
    const order = intent();
    outbox.recordIntent(order, entry('2025-01-06T10:00:00Z'));
    outbox.recordRejection(order, 'position_exists');
    expect(outbox.find(order.clientOrderId)).toEqual({ status: 'rejected', reason: 'position_exists' });
    expect(store.loadBrokerState()).toMatchObject({ save: 1 });
  });

  it('finds nothing for an order it never wrote, and a pending order without a reason', () => {
    const { outbox } = setup();
    expect(outbox.find('unknown')).toBeUndefined();
    const order = intent();
    outbox.recordIntent(order, entry('2025-01-06T10:00:00Z'));
    expect(outbox.find(order.clientOrderId)).toEqual({ status: 'pending' });
  });

  it("keeps a closing order's exit reason, once, under the order's id", () => {
    const { store, outbox } = setup();
    const close = intent({ clientOrderId: 'ema_cross:EURUSD:1:close', intent: 'close' });
    expect(outbox.recordIntent(close, exit('2025-01-06T11:00:00Z', { reason: 'take_profit' }))).toBe(true);
    expect(outbox.recordIntent(close, exit('2025-01-06T11:00:00Z', { reason: 'stop_loss' }))).toBe(false);
    expect(store.loadCheckpoint(EXIT_REASONS, close.clientOrderId)).toBe('take_profit');
  });

  it('records a fill of an order it never wrote as a consistency error, writing nothing', async () => {
    const { store, broker, outbox } = setup();
    const fill = await broker.placeOrder(intent());
    expect(() => outbox.recordFill(intent(), fill)).toThrow();
    expect(store.listFills()).toEqual([]);
    expect(store.loadBrokerState()).toBeUndefined();
  });
});
