import type { AccountState, Fill } from '../../src/execution/broker.js';
import type { OrderIntent, OrderRecord, StoredPosition } from '../../src/store/storeRecords.js';

export const at = (iso: string): number => Date.parse(iso);

export function intent(overrides: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: 'ema_cross:EURUSD:5:20250106T100000Z:open',
    symbol: 'EURUSD',
    direction: 'long',
    size: 0.1,
    intent: 'open',
    strategyName: 'ema_cross',
    referencePrice: 1.1,
    time: at('2025-01-06T10:05:00Z'),
    timeframe: '5',
    candleTime: at('2025-01-06T10:00:00Z'),
    correlationId: 'c-1',
    stopLoss: 1.09,
    takeProfit: 1.12,
    ...overrides,
  };
}

export function pending(overrides: Partial<OrderIntent> = {}): OrderRecord {
  return { ...intent(overrides), status: 'pending', updatedAt: 0 };
}

export function fillOf(order: OrderIntent, overrides: Partial<Fill> = {}): Fill {
  return {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    direction: order.direction,
    size: order.size,
    price: order.referencePrice + 0.00006,
    commission: 0.35,
    time: order.time,
    intent: order.intent,
    strategyName: order.strategyName,
    ...overrides,
  };
}

export function position(overrides: Partial<StoredPosition> = {}): StoredPosition {
  return {
    symbol: 'EURUSD',
    strategyName: 'ema_cross',
    direction: 'long',
    size: 0.1,
    entryPrice: 1.10006,
    entryTime: at('2025-01-06T10:05:00Z'),
    clientOrderId: 'ema_cross:EURUSD:5:20250106T100000Z:open',
    ...overrides,
  };
}

export function account(overrides: Partial<AccountState> = {}): AccountState {
  return {
    balance: 9_999.65,
    equity: 9_999.65,
    realizedPnl: 0,
    unrealizedPnl: 0,
    peakEquity: 10_000,
    dailyRealizedPnl: -0.35,
    dayStart: at('2025-01-06T00:00:00Z'),
    commissionPaid: 0.35,
    ...overrides,
  };
}
