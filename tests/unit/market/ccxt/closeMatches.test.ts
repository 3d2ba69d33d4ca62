import { describe, expect, it } from 'vitest';
import { fromExchangeTimeframe, toExchangeTimeframe } from '../../../../src/market/ccxt/ccxtTimeframe.js';
import { closeMatches, ExchangeSetupError } from '../../../../src/market/ccxt/exchangeSetupError.js';

describe('closeMatches', () => {
  it('matches symbols across the separators exchanges disagree on', () => {
    expect(closeMatches('btcusdt', ['SOL/USDT', 'BTC/USDT', 'BTC/EUR'])).toEqual(['BTC/USDT', 'BTC/EUR']);
  });

  it('offers nothing for a word unlike every candidate', () => {
    expect(closeMatches('DOGE', ['BTC/USDT', 'ETH/USDT'])).toEqual([]);
  });

  it('an unknown value names where it was looked for and the close matches', () => {
    expect(
      ExchangeSetupError.unknown('exchange', 'krakn', ['kraken', 'binance', 'okx'], 'ccxt').message,
    ).toBe('ccxt has no exchange "krakn"; close matches: kraken');
  });

  it('with no close match lists every known value when there are at most 20, and none beyond', () => {
    expect(ExchangeSetupError.unknown('exchange', 'zzz', ['kraken', 'okx'], 'ccxt').message).toBe(
      'ccxt has no exchange "zzz"; known: kraken, okx',
    );
    const many = Array.from({ length: 21 }, (_, index) => `venue${index}`);
    expect(ExchangeSetupError.unknown('exchange', 'zzz', many, 'ccxt').message).toBe(
      'ccxt has no exchange "zzz"',
    );
  });

  it('orders matches equally near alphabetically', () => {
    expect(closeMatches('BTC/USD', ['BTC/USDT', 'BTC/USDC'])).toEqual(['BTC/USDC', 'BTC/USDT']);
  });
});

describe('exchange timeframes', () => {
  it('picks the exchange name of a timeframe in minutes', () => {
    const binance = { '1m': '1m', '5m': '5m', '1h': '1h', '4h': '4h', '1d': '1d' };
    expect(toExchangeTimeframe('60', binance)).toBe('1h');
    expect(toExchangeTimeframe('240', binance)).toBe('4h');
    expect(toExchangeTimeframe('1440', binance)).toBe('1d');
    expect(toExchangeTimeframe('7', binance)).toBeUndefined();
  });

  it('reads exchange names and plain minutes back as minutes', () => {
    expect(fromExchangeTimeframe('4h')).toBe('240');
    expect(fromExchangeTimeframe('15')).toBe('15');
    expect(fromExchangeTimeframe('1s')).toBeUndefined();
  });
});
