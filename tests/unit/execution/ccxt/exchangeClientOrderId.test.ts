import { describe, expect, it } from 'vitest';
import {
  exchangeClientOrderId,
  parseExchangeClientOrderId,
  splitClientOrderId,
} from '../../../../src/execution/ccxt/exchangeClientOrderId.js';
import { clientOrderId } from '../../../../src/execution/clientOrderId.js';

const candleTime = Date.parse('2025-01-06T10:05:00Z');

describe('exchangeClientOrderId', () => {
  it('encodes an order as at most 32 letters and digits, the same every time', () => {
    const parts = {
      strategyName: 'ema_cross',
      symbol: 'BTC/USDT',
      timeframe: '1440',
      candleTime,
      intent: 'close' as const,
    };
    const id = exchangeClientOrderId(parts);
    expect(id).toMatch(/^[a-z0-9]{1,32}$/);
    expect(exchangeClientOrderId({ ...parts })).toBe(id);
  });

  it('maps back to the readable id through the configured strategy names', () => {
    const readable = clientOrderId('ema:cross', 'BTC/USDT', '5', candleTime, 'open');
    const parts = splitClientOrderId(readable, 'ema:cross', 'BTC/USDT');
    const id = exchangeClientOrderId(parts);
    expect(parseExchangeClientOrderId(id, 'BTC/USDT', ['rsi', 'ema:cross'])?.clientOrderId).toBe(readable);
  });

  it('does not claim orders of other strategies, other symbols or other programs', () => {
    const id = exchangeClientOrderId({
      strategyName: 'ema_cross',
      symbol: 'BTC/USDT',
      timeframe: '1',
      candleTime,
      intent: 'open',
    });
    expect(parseExchangeClientOrderId(id, 'BTC/USDT', ['rsi'])).toBeUndefined();
    expect(parseExchangeClientOrderId(id, 'ETH/USDT', ['ema_cross'])).toBeUndefined();
    expect(parseExchangeClientOrderId('x-TKT5PX2Fabcdef', 'BTC/USDT', ['ema_cross'])).toBeUndefined();
    expect(parseExchangeClientOrderId(undefined, 'BTC/USDT', ['ema_cross'])).toBeUndefined();
  });

  it('keeps orders of two symbols with the same strategy and candle apart', () => {
    const common = { strategyName: 'ema_cross', timeframe: '1', candleTime, intent: 'open' as const };
    expect(exchangeClientOrderId({ ...common, symbol: 'BTC/USDT' })).not.toBe(
      exchangeClientOrderId({ ...common, symbol: 'ETH/USDT' }),
    );
  });
});
