import { describe, expect, it } from 'vitest';
import { clientOrderId } from '../../../src/execution/clientOrderId.js';
import { at } from './executionFixtures.js';

describe('clientOrderId', () => {
  it('is readable and the same for the same strategy, symbol, timeframe, candle and intent', () => {
    const id = clientOrderId('ema_cross', 'EURUSD', '5', at('2025-01-06T10:05:00Z'), 'open');
    expect(id).toBe('ema_cross:EURUSD:5:20250106T100500Z:open');
    expect(clientOrderId('ema_cross', 'EURUSD', '5', at('2025-01-06T10:05:00Z'), 'open')).toBe(id);
  });

  it('differs when any one input differs', () => {
    const time = at('2025-01-06T10:05:00Z');
    const ids = [
      clientOrderId('ema_cross', 'EURUSD', '5', time, 'open'),
      clientOrderId('rsi', 'EURUSD', '5', time, 'open'),
      clientOrderId('ema_cross', 'GBPUSD', '5', time, 'open'),
      clientOrderId('ema_cross', 'EURUSD', '1', time, 'open'),
      clientOrderId('ema_cross', 'EURUSD', '5', time + 60_000, 'open'),
      clientOrderId('ema_cross', 'EURUSD', '5', time, 'close'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
