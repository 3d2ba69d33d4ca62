import { describe, expect, it } from 'vitest';
import { clientOrderId } from '../../../src/execution/clientOrderId.js';
import { SeededRandom } from '../../../src/util/random.js';
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

  it('writes the candle time as the compact form of its ISO string, for any year ISO writes with four digits', () => {
    const compactIso = (time: number) =>
      new Date(time)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}Z$/, 'Z');
    const random = new SeededRandom(11);
    const edges = [
      0,
      -1,
      Date.parse('0005-03-04T01:02:03.004Z'),
      Date.parse('-000100-01-01T00:00:00Z'),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 7, 5, 9, 450),
    ];
    const times = [
      ...edges,
      ...Array.from({ length: 2_000 }, () => Math.floor((random.next() - 0.2) * 5e13)),
    ];
    for (const time of times) {
      expect(clientOrderId('s', 'X', '1', time, 'open')).toBe(`s:X:1:${compactIso(time)}:open`);
    }
    // Beyond year 9999 ISO adds a sign and six digits; an invalid time still throws.
    const far = Date.UTC(12_000, 0, 1);
    expect(clientOrderId('s', 'X', '1', far, 'close')).toBe(`s:X:1:${compactIso(far)}:close`);
    expect(() => clientOrderId('s', 'X', '1', Number.NaN, 'open')).toThrow(RangeError);
  });
});
