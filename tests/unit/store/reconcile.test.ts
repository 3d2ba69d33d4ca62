import { describe, expect, it } from 'vitest';
import type { Position } from '../../../src/execution/broker.js';
import { applyReconciliation } from '../../../src/store/applyReconciliation.js';
import { reconcile, toOrderRequest } from '../../../src/store/reconcile.js';
import { TradingStore } from '../../../src/store/tradingStore.js';
import { account, fillOf, intent, pending, position } from '../../support/storeFixtures.js';

const held = (overrides: Partial<Position> = {}): Position => ({
  ...position(),
  unrealizedPnl: 1.5,
  ...overrides,
});

describe('reconcile', () => {
  it('finds nothing when the store and the broker agree', () => {
    expect(
      reconcile({ pendingOrders: [], positions: [position()] }, { fills: [], positions: [held()] }),
    ).toEqual([]);
  });

  it("records the broker's fill for an order pending in the store and filled at the broker", () => {
    const fill = fillOf(intent());
    const [resolution] = reconcile(
      { pendingOrders: [pending()], positions: [] },
      { fills: [fill], positions: [] },
    );
    expect(resolution).toMatchObject({
      kind: 'record_fill',
      fill,
      order: { clientOrderId: fill.clientOrderId },
    });
  });

  it('re-sends, with the same id, price and time, an order pending in the store and unknown to the broker', () => {
    const [resolution] = reconcile(
      { pendingOrders: [pending()], positions: [] },
      { fills: [], positions: [] },
    );
    expect(resolution?.kind).toBe('resend');
    expect(resolution?.kind === 'resend' && resolution.request).toEqual(toOrderRequest(pending()));
    expect(toOrderRequest(pending())).toMatchObject({
      clientOrderId: intent().clientOrderId,
      referencePrice: 1.1,
      time: intent().time,
    });
  });

  it('marks such an order rejected (not_sent_before_crash) instead when re-sending is unsafe', () => {
    const [resolution] = reconcile(
      { pendingOrders: [pending()], positions: [] },
      { fills: [], positions: [] },
      { resendUnsafe: true },
    );
    expect(resolution).toMatchObject({ kind: 'mark_rejected', reason: 'not_sent_before_crash' });
  });

  it("adopts the broker's position when the store lacks it, taking exits from the pending order that opened it", () => {
    const resolutions = reconcile(
      { pendingOrders: [pending({ stopLoss: 1.08, takeProfit: 1.13 })], positions: [] },
      { fills: [fillOf(intent())], positions: [held()] },
    );
    expect(resolutions.map((resolution) => resolution.kind)).toEqual(['record_fill', 'adopt_position']);
    expect(resolutions[1]).toMatchObject({
      kind: 'adopt_position',
      change: { kind: 'upsert', position: position({ stopLoss: 1.08, takeProfit: 1.13 }) },
    });
  });

  it('deletes a position the store has and the broker does not, and says so', () => {
    const [resolution] = reconcile(
      { pendingOrders: [], positions: [position()] },
      { fills: [], positions: [] },
    );
    expect(resolution).toMatchObject({
      kind: 'adopt_position',
      change: { kind: 'delete', symbol: 'EURUSD', strategyName: 'ema_cross' },
    });
    expect(resolution?.detail).toMatch(/in the store but not at the broker/);
  });

  it("replaces a differing position with the broker's, keeping the stored exits", () => {
    const [resolution] = reconcile(
      { pendingOrders: [], positions: [position({ size: 0.2, stopLoss: 1.09 })] },
      { fills: [], positions: [held({ size: 0.1 })] },
    );
    expect(resolution).toMatchObject({
      kind: 'adopt_position',
      change: { kind: 'upsert', position: position({ size: 0.1, stopLoss: 1.09 }) },
    });
    expect(resolution?.detail).toMatch(/store long 0.2 .* broker long 0.1/);
  });
});

describe('applyReconciliation', () => {
  it('records recovered fills, rejections and adopted positions, sets the account, and returns the re-sends', () => {
    const store = TradingStore.open(':memory:');
    const filled = intent();
    const unsent = intent({
      clientOrderId: 'rsi:GBPUSD:5:20250106T100000Z:open',
      symbol: 'GBPUSD',
      strategyName: 'rsi',
    });
    store.recordOrderIntent(filled);
    store.recordOrderIntent(unsent);
    const resolutions = reconcile(
      { pendingOrders: store.pendingOrders(), positions: store.getPositions() },
      { fills: [fillOf(filled)], positions: [held()] },
    );
    const resend = applyReconciliation(store, resolutions, account());
    expect(resend.map((resolution) => resolution.order.clientOrderId)).toEqual([unsent.clientOrderId]);
    expect(store.getOrder(filled.clientOrderId)?.status).toBe('filled');
    expect(store.getOrder(unsent.clientOrderId)?.status).toBe('pending');
    expect(store.getPositions()).toEqual([position({ stopLoss: 1.09, takeProfit: 1.12 })]);
    expect(store.getAccount()).toEqual(account());
    store.close();
  });
});
