import { SystemConfigSchema } from '../../../src/config/systemConfig.js';
import { clientOrderId } from '../../../src/execution/clientOrderId.js';
import { PaperBroker } from '../../../src/execution/paperBroker.js';
import { applyReconciliation } from '../../../src/store/applyReconciliation.js';
import { positionChangeAfter } from '../../../src/store/positionChangeAfter.js';
import { reconcile } from '../../../src/store/reconcile.js';
import type { OrderIntent } from '../../../src/store/storeRecords.js';
import type { TradingStore } from '../../../src/store/tradingStore.js';

/**
 * A deterministic trading loop written the way TradeExecutionService must use the store (outbox write,
 * broker call, fill + broker state + checkpoint in one transaction), shared by the crash tests and the
 * child process they SIGKILL.
 */
export const T0 = Date.parse('2025-01-06T00:00:00Z');
export const INITIAL_BALANCE = SystemConfigSchema.parse({}).trading.initial_balance;
const SERVICE = 'workload';

/** Where a simulated crash interrupts step `step`. */
export type CrashPoint = { step: number; point: 'after_intent' | 'after_broker' };

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export function newBroker(): PaperBroker {
  return new PaperBroker({ trading: SystemConfigSchema.parse({}).trading });
}

function priceAt(step: number): number {
  return Math.round((1.1 + 0.002 * Math.sin(step / 3) + step * 1e-5) * 1e5) / 1e5;
}

/** The order of step `step`: strategies s0/s1 alternate; each opens when flat and closes when open. */
function intentAt(step: number, broker: PaperBroker): OrderIntent {
  const strategyName = `s${step % 2}`;
  const candleTime = T0 + step * 60_000;
  const open = broker.getPositions().find((position) => position.strategyName === strategyName);
  const intent = open === undefined ? 'open' : 'close';
  const price = priceAt(step);
  return {
    clientOrderId: clientOrderId(strategyName, 'EURUSD', '1', candleTime, intent),
    symbol: 'EURUSD',
    direction: open?.direction ?? (Math.floor(step / 4) % 2 === 0 ? 'long' : 'short'),
    size: open?.size ?? 0.1 + (step % 3) * 0.05,
    intent,
    strategyName,
    referencePrice: price,
    time: candleTime + 60_000,
    timeframe: '1',
    candleTime,
    correlationId: `c-${step}`,
    ...(intent === 'open' ? { stopLoss: price - 0.01, takeProfit: price + 0.01 } : {}),
  };
}

/** Sends `intent` to the broker and commits fill, position, account, broker state and checkpoint at once. */
async function execute(store: TradingStore, broker: PaperBroker, intent: OrderIntent, step: number) {
  const stored = store.getPosition(intent.symbol, intent.strategyName);
  const fill = await broker.placeOrder(intent);
  store.transaction(() => {
    store.recordFill(
      fill,
      positionChangeAfter(fill, broker.getPositions(), intent, stored),
      broker.getAccount(),
    );
    store.saveBrokerState(broker.snapshot());
    store.saveCheckpoint(SERVICE, 'next_step', step + 1);
  });
}

/**
 * Resumes from the store: restores the broker, reconciles, re-sends what never reached the broker, and
 * returns the broker and the next step to run.
 */
export async function resume(store: TradingStore): Promise<{ broker: PaperBroker; next: number }> {
  const broker = newBroker();
  const state = store.loadBrokerState();
  if (state !== undefined) broker.restore(state);
  const resolutions = reconcile(
    { pendingOrders: store.pendingOrders(), positions: store.getPositions() },
    { fills: broker.getFills(), positions: broker.getPositions() },
  );
  for (const { order } of applyReconciliation(store, resolutions, broker.getAccount())) {
    const step = (order.candleTime - T0) / 60_000;
    broker.markToMarket(order.symbol, order.referencePrice, order.time);
    await execute(store, broker, order, step);
  }
  return { broker, next: store.loadCheckpoint<number>(SERVICE, 'next_step') ?? 0 };
}

/** Runs steps [from, to); `onStep` after each committed step; `crash` throws at the given point. */
export async function runSteps(
  store: TradingStore,
  broker: PaperBroker,
  from: number,
  to: number,
  options: { crash?: CrashPoint; onStep?: (step: number) => void } = {},
): Promise<void> {
  for (let step = from; step < to; step++) {
    const intent = intentAt(step, broker);
    broker.markToMarket(intent.symbol, intent.referencePrice, intent.time);
    const { inserted } = store.recordOrderIntent(intent);
    // Never reached in a correct resume: reconciliation settled the pending order and moved the checkpoint.
    if (!inserted) throw new Error(`step ${step} replayed order ${intent.clientOrderId}`);
    if (options.crash?.step === step && options.crash.point === 'after_intent') throw new SimulatedCrash();
    if (options.crash?.step === step && options.crash.point === 'after_broker') {
      await broker.placeOrder(intent);
      throw new SimulatedCrash();
    }
    await execute(store, broker, intent, step);
    options.onStep?.(step);
  }
}
