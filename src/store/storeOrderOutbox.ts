import type { EntrySignalEvent, ExitSignalEvent } from '../events/tradingEvents.js';
import type { Broker, Fill, OrderRequest } from '../execution/broker.js';
import type { OrderOutbox } from '../execution/tradeExecutor.js';
import { positionChangeAfter } from './positionChangeAfter.js';
import type { TradingStore } from './tradingStore.js';

/** Checkpoint service under which each closing order's exit reason is kept, keyed by client order id. */
export const EXIT_REASONS = 'exit_reasons';

/** Options of {@link StoreOrderOutbox}. */
export interface StoreOrderOutboxOptions {
  store: TradingStore;
  broker: Broker;
  /**
   * The broker's own state to save in each fill's transaction (the paper broker's account and random
   * position); undefined for a broker that keeps its state itself.
   */
  brokerState?: () => unknown;
  /** Runs inside each new order's transaction, before the order is written (the durable run's checkpoint). */
  beforeOrder?: () => void;
  /**
   * Test hooks (see {@link crashHooksFromEnv}): SIGKILL the process right after the n-th outbox write, or
   * right after the n-th fill's transaction. Never set them outside crash-recovery tests.
   */
  crashAfterOutbox?: number;
  crashAfterFill?: number;
  /** Read by `DurableRun`: SIGKILL right after the n-th cycle checkpoint is committed. */
  crashAfterCheckpoint?: number;
}

/**
 * Reads the crash-recovery test hooks from the environment: `TRADESTATE_TEST_CRASH_AFTER_OUTBOX=<n>` kills
 * the process (SIGKILL) right after its n-th order is written to the outbox, before the broker is called;
 * `TRADESTATE_TEST_CRASH_AFTER_FILL=<n>` right after its n-th fill is committed, before the cycle's
 * checkpoint; `TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT=<n>` right after its n-th cycle checkpoint is committed.
 * Counted per process (a restarted run counts from 1 again).
 *
 * @example
 * ```ts
 * new StoreOrderOutbox({ store, broker, ...crashHooksFromEnv(process.env) });
 * ```
 */
export function crashHooksFromEnv(
  env: Record<string, string | undefined>,
): Pick<StoreOrderOutboxOptions, 'crashAfterOutbox' | 'crashAfterFill' | 'crashAfterCheckpoint'> {
  const read = (name: string) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const outbox = read('TRADESTATE_TEST_CRASH_AFTER_OUTBOX');
  const fill = read('TRADESTATE_TEST_CRASH_AFTER_FILL');
  const checkpoint = read('TRADESTATE_TEST_CRASH_AFTER_CHECKPOINT');
  return {
    ...(checkpoint === undefined ? {} : { crashAfterCheckpoint: checkpoint }),
    ...(outbox === undefined ? {} : { crashAfterOutbox: outbox }),
    ...(fill === undefined ? {} : { crashAfterFill: fill }),
  };
}

/**
 * The executor's {@link OrderOutbox} over the {@link TradingStore}: the order is written `pending` before
 * the broker call; the fill, the order's status, the position, the account and the broker's state are
 * then written in one transaction. A crash between the two leaves a pending order that the next start
 * reconciles (see `recoverFromStore`).
 *
 * @example
 * ```ts
 * const outbox = new StoreOrderOutbox({ store, broker, brokerState: () => broker.snapshot() });
 * const executor = new TradeExecutor({ broker, trading, risk, outbox });
 * ```
 */
export class StoreOrderOutbox implements OrderOutbox {
  private intents = 0;
  private fills = 0;

  constructor(private readonly options: StoreOrderOutboxOptions) {}

  find(clientOrderId: string): { status: 'pending' | 'filled' | 'rejected'; reason?: string } | undefined {
    const order = this.options.store.getOrder(clientOrderId);
    if (order === undefined) return undefined;
    return order.reason === undefined
      ? { status: order.status }
      : { status: order.status, reason: order.reason };
  }

  recordIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean {
    const { store } = this.options;
    const inserted = store.transaction(() => {
      this.options.beforeOrder?.();
      const written = this.writeIntent(order, signal);
      // The exit reason (a trade's `exit_reason`) is kept with the order: it must survive any crash point.
      if (written && signal.type === 'ExitSignalEvent')
        store.saveCheckpoint(EXIT_REASONS, order.clientOrderId, signal.reason);
      return written;
    });
    this.intents++;
    if (this.intents === this.options.crashAfterOutbox) process.kill(process.pid, 'SIGKILL');
    return inserted;
  }

  private writeIntent(order: OrderRequest, signal: EntrySignalEvent | ExitSignalEvent): boolean {
    const { inserted } = this.options.store.recordOrderIntent({
      ...order,
      timeframe: signal.timeframe,
      candleTime: signal.candle_time,
      correlationId: signal.correlationId,
      ...(signal.type === 'EntrySignalEvent' && signal.stop_loss !== undefined
        ? { stopLoss: signal.stop_loss }
        : {}),
      ...(signal.type === 'EntrySignalEvent' && signal.take_profit !== undefined
        ? { takeProfit: signal.take_profit }
        : {}),
    });
    return inserted;
  }

  recordFill(_order: OrderRequest, fill: Fill): void {
    const { store, broker, brokerState } = this.options;
    store.transaction(() => {
      const intent = store.getOrder(fill.clientOrderId) ?? {};
      const stored = store.getPosition(fill.symbol, fill.strategyName);
      store.recordFill(
        fill,
        positionChangeAfter(fill, broker.getPositions(), intent, stored),
        broker.getAccount(),
      );
      if (brokerState !== undefined) store.saveBrokerState(brokerState());
    });
    this.fills++;
    if (this.fills === this.options.crashAfterFill) process.kill(process.pid, 'SIGKILL');
  }

  recordRejection(order: OrderRequest, reason: string): void {
    const { store, brokerState } = this.options;
    store.transaction(() => {
      store.recordRejection(order.clientOrderId, reason);
      // A rejection may have drawn slippage randomness: keep the broker's position in step.
      if (brokerState !== undefined) store.saveBrokerState(brokerState());
    });
  }
}
