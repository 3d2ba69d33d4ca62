import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import type { PaperBrokerCheckpoint } from '../../../src/store/paperBrokerCheckpoint.js';
import { recoverFromStore } from '../../../src/store/recoverFromStore.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { SeededRandom } from '../../../src/util/random.js';
import { intent } from '../../support/storeFixtures.js';

/** A logger whose warnings the test reads. */
function recordingLogger() {
  const lines: Array<{ msg: string; client_order_id?: string }> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const trading = SystemConfigSchema.parse({}).trading;
const stores: TradingStore[] = [];
function memoryStore(): TradingStore {
  const store = TradingStore.open(':memory:');
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('recoverFromStore with an order the broker never received', () => {
  it('re-sends it, records the fill and saves the broker state with the slippage generator', async () => {
    const store = memoryStore();
    const order = intent();
    store.recordOrderIntent(order);
    const random = new SeededRandom(7);
    const paper = new PaperBroker({ trading, random });
    const { logger, lines } = recordingLogger();

    await recoverFromStore(store, paper, { logger, paper, random });

    expect(store.getOrder(order.clientOrderId)?.status).toBe('filled');
    expect(store.listFills()).toEqual(paper.getFills());
    const saved = store.loadBrokerState() as PaperBrokerCheckpoint;
    expect(saved.random).toBe(random.snapshot());
    expect(saved.paper).toEqual(paper.snapshot());
    expect(lines.map((line) => line.msg)).toContainEqual(
      expect.stringMatching(/^Reconciliation: re-sent order filled at /),
    );
  });

  it('marks it rejected with the broker reason when the re-sent order is refused', async () => {
    const store = memoryStore();
    const close = intent({ clientOrderId: 'ema_cross:EURUSD:5:20250106T110000Z:close', intent: 'close' });
    store.recordOrderIntent(close);
    const paper = new PaperBroker({ trading });
    const { logger, lines } = recordingLogger();

    await recoverFromStore(store, paper, { logger, paper });

    expect(store.getOrder(close.clientOrderId)).toMatchObject({ status: 'rejected', reason: 'no_position' });
    expect(store.listFills()).toEqual([]);
    expect(store.loadBrokerState()).toEqual({ paper: paper.snapshot() });
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'Reconciliation: re-sent order rejected: no_position',
        client_order_id: close.clientOrderId,
      }),
    );
  });

  it('fails with the broker error, leaving the order pending, when the broker breaks instead of refusing', async () => {
    const store = memoryStore();
    const order = intent();
    store.recordOrderIntent(order);
    const paper = new PaperBroker({ trading });
    const broken = Object.assign(Object.create(paper) as PaperBroker, {
      placeOrder: () => Promise.reject(new Error('connection reset')),
    });

    await expect(recoverFromStore(store, broken, { logger: recordingLogger().logger })).rejects.toThrow(
      'connection reset',
    );
    expect(store.getOrder(order.clientOrderId)?.status).toBe('pending');
    expect(store.loadBrokerState()).toBeUndefined();
  });
});

describe('recoverFromStore restoring the paper broker', () => {
  it('takes the fills from the fills table when the checkpoint says they are kept there', async () => {
    const first = memoryStore();
    const order = intent();
    first.recordOrderIntent(order);
    const original = new PaperBroker({ trading });
    await recoverFromStore(first, original, { logger: recordingLogger().logger, paper: original });
    const { fills: _fills, ...withoutFills } = original.snapshot() as { fills: unknown };
    first.saveBrokerState({ paper: withoutFills, fillsInTable: true } satisfies PaperBrokerCheckpoint);

    const restored = new PaperBroker({ trading });
    await recoverFromStore(first, restored, { logger: recordingLogger().logger, paper: restored });

    expect(restored.getFills()).toEqual(first.listFills());
    expect(restored.getAccount()).toEqual(original.getAccount());
  });
});
