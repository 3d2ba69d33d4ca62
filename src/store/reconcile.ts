import type { Fill, OrderRequest, Position } from '../execution/broker.js';
import { brokerSideOrderFields } from '../execution/brokerSideExit.js';
import {
  type OrderRecord,
  type PositionChange,
  type StoredPosition,
  toStoredPosition,
} from './storeRecords.js';

/** What the store holds that may disagree with the broker. */
export interface StoreView {
  pendingOrders: readonly OrderRecord[];
  positions: readonly StoredPosition[];
}

/** What the broker reports: the source of truth for fills and positions. */
export interface BrokerView {
  fills: readonly Fill[];
  positions: readonly Position[];
}

export interface ReconcileOptions {
  /**
   * Set when re-sending an order the broker never saw could trade twice (a broker that does not dedupe
   * by client order id): such orders are then marked `rejected` instead of re-sent.
   */
  resendUnsafe?: boolean;
}

/** One difference between the store and the broker, with how to resolve it. */
export type Reconciliation =
  | { kind: 'record_fill'; order: OrderRecord; fill: Fill; detail: string }
  | { kind: 'resend'; order: OrderRecord; request: OrderRequest; detail: string }
  | { kind: 'mark_rejected'; order: OrderRecord; reason: 'not_sent_before_crash'; detail: string }
  | {
      kind: 'adopt_position';
      symbol: string;
      strategyName: string;
      stored?: StoredPosition;
      broker?: Position;
      change: PositionChange;
      detail: string;
    };

/**
 * Compares the store with the broker after a restart and says how to resolve each difference. Pure: the
 * caller applies the result (see `applyReconciliation`) and logs each `detail`.
 *
 * Rules (the broker is the source of truth for what was filled and what is open):
 * 1. An order `pending` in the store and filled at the broker (a fill with its client order id):
 *    `record_fill` with the broker's fill. The crash came after the broker call, before the fill was saved.
 * 2. An order `pending` in the store and unknown to the broker: the crash came after the outbox write and
 *    before the broker got the order. Default: `resend` it with the same client order id (and the stored
 *    reference price and time), which is what the uninterrupted run did; brokers dedupe by client order id,
 *    so a re-send of an order that did arrive cannot trade twice. For the PaperBroker this rule makes crash
 *    recovery produce exactly the uninterrupted run's trades: its state is saved in the fill's transaction,
 *    so "pending and unknown" always means "never sent". With `resendUnsafe` (a broker without dedupe):
 *    `mark_rejected` with reason `not_sent_before_crash`, and nothing is traded.
 * 3. A position that differs (missing on one side, or another direction, size, entry or opening order):
 *    `adopt_position`, i.e. copy the broker's position or delete the store's. Exits (stop loss, take
 *    profit) are kept from the stored position, or taken from the pending order that opened it.
 *
 * Rules 1 and 2 look only at pending orders; a position changed by a recovered fill also appears under
 * rule 3, so applying all resolutions leaves the store equal to the broker.
 *
 * @example
 * ```ts
 * const resolutions = reconcile(
 *   { pendingOrders: store.pendingOrders(), positions: store.getPositions() },
 *   { fills: broker.getFills(), positions: broker.getPositions() },
 * );
 * for (const resolution of resolutions) logger.warn({ kind: resolution.kind }, resolution.detail);
 * ```
 */
export function reconcile(
  store: StoreView,
  broker: BrokerView,
  options: ReconcileOptions = {},
): Reconciliation[] {
  const fillsById = new Map(broker.fills.map((fill) => [fill.clientOrderId, fill]));
  const resolutions: Reconciliation[] = [];
  for (const order of store.pendingOrders) {
    const fill = fillsById.get(order.clientOrderId);
    if (fill !== undefined) {
      resolutions.push({
        kind: 'record_fill',
        order,
        fill,
        detail: `order ${order.clientOrderId} pending in the store was filled at the broker at ${fill.price}`,
      });
    } else if (options.resendUnsafe) {
      resolutions.push({
        kind: 'mark_rejected',
        order,
        reason: 'not_sent_before_crash',
        detail: `order ${order.clientOrderId} never reached the broker; re-sending is unsafe: rejected`,
      });
    } else {
      resolutions.push({
        kind: 'resend',
        order,
        request: toOrderRequest(order),
        detail: `order ${order.clientOrderId} never reached the broker: re-sent with the same id`,
      });
    }
  }
  resolutions.push(...positionDifferences(store, broker));
  return resolutions;
}

function positionDifferences(store: StoreView, broker: BrokerView): Reconciliation[] {
  const keyOf = (position: { symbol: string; strategyName: string }) =>
    `${position.symbol}\u0000${position.strategyName}`;
  const stored = new Map(store.positions.map((position) => [keyOf(position), position]));
  const held = new Map(broker.positions.map((position) => [keyOf(position), position]));
  const keys = [...new Set([...stored.keys(), ...held.keys()])].sort();
  const differences: Reconciliation[] = [];
  for (const key of keys) {
    const mine = stored.get(key);
    const theirs = held.get(key);
    if (mine !== undefined && theirs !== undefined && samePosition(mine, theirs)) continue;
    const symbol = (mine ?? theirs)!.symbol;
    const strategyName = (mine ?? theirs)!.strategyName;
    let change: PositionChange;
    let detail: string;
    if (theirs === undefined) {
      change = { kind: 'delete', symbol, strategyName };
      detail = `position ${symbol}/${strategyName} is in the store but not at the broker: deleted`;
    } else {
      const opening = store.pendingOrders.find((order) => order.clientOrderId === theirs.clientOrderId);
      const exits = mine ?? opening ?? {};
      change = { kind: 'upsert', position: toStoredPosition(theirs, exits) };
      detail =
        mine === undefined
          ? `position ${symbol}/${strategyName} is at the broker but not in the store: adopted`
          : `position ${symbol}/${strategyName} differs (store ${describe(mine)}, broker ${describe(theirs)}): broker's adopted`;
    }
    differences.push({
      kind: 'adopt_position',
      symbol,
      strategyName,
      ...(mine === undefined ? {} : { stored: mine }),
      ...(theirs === undefined ? {} : { broker: theirs }),
      change,
      detail,
    });
  }
  return differences;
}

function samePosition(mine: StoredPosition, theirs: Position): boolean {
  return (
    mine.direction === theirs.direction &&
    Math.abs(mine.size - theirs.size) < 1e-9 &&
    mine.entryPrice === theirs.entryPrice &&
    mine.clientOrderId === theirs.clientOrderId
  );
}

function describe(position: StoredPosition | Position): string {
  return `${position.direction} ${position.size} @ ${position.entryPrice} by ${position.clientOrderId}`;
}

/** The broker request that re-sends a stored order exactly as it was first meant. */
export function toOrderRequest(order: OrderRecord): OrderRequest {
  return {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    direction: order.direction,
    size: order.size,
    intent: order.intent,
    strategyName: order.strategyName,
    referencePrice: order.referencePrice,
    time: order.time,
    // A stop, take-profit or margin call keeps its order type (a take-profit fills at its level).
    ...brokerSideOrderFields(order.clientOrderId),
  };
}
