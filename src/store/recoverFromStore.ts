import type { Logger } from 'pino';
import type { Broker } from '../execution/broker.js';
import { OrderRejectedError } from '../execution/orderRejectedError.js';
import type { PaperBroker } from '../execution/paperBroker.js';
import type { SeededRandom } from '../util/random.js';
import { applyReconciliation } from './applyReconciliation.js';
import type { PaperBrokerCheckpoint } from './paperBrokerCheckpoint.js';
import { positionChangeAfter } from './positionChangeAfter.js';
import { type Reconciliation, reconcile } from './reconcile.js';
import type { TradingStore } from './tradingStore.js';

/** Options of {@link recoverFromStore}. */
export interface RecoverOptions {
  logger: Logger;
  /** The paper broker, restored from the store's broker state (with its slippage generator). */
  paper?: PaperBroker;
  random?: SeededRandom;
  /** The paper broker's checkpoint as `DurableRun` writes it (default: its full snapshot). */
  brokerState?: () => PaperBrokerCheckpoint;
}

/**
 * The start of a resumed run: restores the paper broker (account and slippage generator) from the store,
 * then reconciles the store's pending orders and positions with the broker by the documented rule (see
 * `reconcile`): the broker is the source of truth; a pending order the broker filled is recorded; a
 * pending order it never saw (a crash between the outbox write and the broker call) is re-sent with the
 * same client order id, after marking its symbol at the order's reference price and time as the original
 * run did just before sending it; positions that differ take the broker's. Every difference is logged
 * (warn). Returns the resolutions.
 *
 * @example
 * ```ts
 * const resolutions = await recoverFromStore(store, broker, { logger, paper: broker, random });
 * ```
 */
export async function recoverFromStore(
  store: TradingStore,
  broker: Broker,
  options: RecoverOptions,
): Promise<Reconciliation[]> {
  const { logger, paper, random } = options;
  const brokerState =
    options.brokerState ??
    (() =>
      paper
        ? ({
            paper: paper.snapshot(),
            ...(random ? { random: random.snapshot() } : {}),
          } satisfies PaperBrokerCheckpoint)
        : undefined);
  if (paper) {
    const saved = store.loadBrokerState() as PaperBrokerCheckpoint | undefined;
    if (saved !== undefined) {
      const state = saved.fillsInTable
        ? { ...(saved.paper as object), fills: store.listFills() }
        : saved.paper;
      paper.restore(state);
      if (random && saved.random !== undefined) random.restore(saved.random);
    }
  }
  const resolutions = reconcile(
    { pendingOrders: store.pendingOrders(), positions: store.getPositions() },
    { fills: broker.getFills(), positions: broker.getPositions() },
  );
  for (const resolution of resolutions) {
    logger.warn({ reconciliation: resolution.kind }, `Reconciliation: ${resolution.detail}`);
  }
  for (const { order, request } of applyReconciliation(store, resolutions, broker.getAccount())) {
    broker.markToMarket(order.symbol, order.referencePrice, order.time);
    try {
      const fill = await broker.placeOrder(request);
      store.transaction(() => {
        const stored = store.getPosition(fill.symbol, fill.strategyName);
        store.recordFill(
          fill,
          positionChangeAfter(fill, broker.getPositions(), order, stored),
          broker.getAccount(),
        );
        const state = brokerState();
        if (state !== undefined) store.saveBrokerState(state);
      });
      logger.warn(
        { client_order_id: order.clientOrderId },
        `Reconciliation: re-sent order filled at ${fill.price}`,
      );
    } catch (error) {
      if (!(error instanceof OrderRejectedError)) throw error;
      store.transaction(() => {
        store.recordRejection(order.clientOrderId, error.reason);
        const state = brokerState();
        if (state !== undefined) store.saveBrokerState(state);
      });
      logger.warn(
        { client_order_id: order.clientOrderId },
        `Reconciliation: re-sent order rejected: ${error.reason}`,
      );
    }
  }
  return resolutions;
}
