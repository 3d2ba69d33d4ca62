import type { AccountState } from '../execution/broker.js';
import type { Reconciliation } from './reconcile.js';
import type { TradingStore } from './tradingStore.js';

/**
 * Applies what {@link reconcile} found, in one transaction: recovered fills are recorded, orders that
 * cannot be re-sent are rejected, positions are copied from the broker, and the account is set to the
 * broker's. Returns the orders to re-send: send each to the broker, then record it as any other fill
 * (the broker call cannot run inside the transaction).
 *
 * @example
 * ```ts
 * const resolutions = reconcile(storeView, brokerView);
 * for (const order of applyReconciliation(store, resolutions, broker.getAccount())) {
 *   const fill = await broker.placeOrder(order.request);
 *   store.recordFill(fill, positionChangeAfter(fill, broker.getPositions(), order.order), broker.getAccount());
 * }
 * ```
 */
export function applyReconciliation(
  store: TradingStore,
  resolutions: readonly Reconciliation[],
  brokerAccount: AccountState,
): Extract<Reconciliation, { kind: 'resend' }>[] {
  const resend: Extract<Reconciliation, { kind: 'resend' }>[] = [];
  store.transaction(() => {
    for (const resolution of resolutions) {
      if (resolution.kind === 'record_fill') store.recordFill(resolution.fill, null, brokerAccount);
      else if (resolution.kind === 'mark_rejected')
        store.recordRejection(resolution.order.clientOrderId, resolution.reason);
      else if (resolution.kind === 'adopt_position') store.applyPositionChange(resolution.change);
      else resend.push(resolution);
    }
    if (resolutions.length > 0) store.saveAccount(brokerAccount);
  });
  return resend;
}
